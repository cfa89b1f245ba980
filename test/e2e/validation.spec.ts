/**
 * Validation as a user meets it in the browser: load a tracking plan,
 * send violating and valid events, see the violations, jump from a finding
 * to the offending field, filter the stream to a rule, switch strict and
 * lenient, and re-validate the log after a plan change.
 */
import { expect, openUi, postJson, test, trackEvent } from './fixtures'

const PLAN = `event,property,type,required,allowed values
signed_up,plan,string,yes,free|pro|team
signed_up,email,string,no,
signed_up,name,string,no,
page_visit,page_url,string,yes,
checkout_started,,,,
`

test('load a plan, see violations on live traffic, jump to the field, and filter to them', async ({
  page,
  server,
}) => {
  await openUi(page, server)
  await page.getByTestId('view-plan').click()
  await expect(page.getByTestId('plan-status')).toContainText('No plan yet')

  // A typo first: the editor says where, and saving is impossible.
  await page.getByTestId('plan-source').fill(PLAN.replace('plan,string', 'plan,strnig'))
  await expect(page.getByTestId('plan-errors')).toContainText('line 2')
  await expect(page.getByTestId('plan-errors')).toContainText('Unknown type "strnig"')
  await expect(page.getByTestId('plan-save')).toBeDisabled()

  await page.getByTestId('plan-source').fill(PLAN)
  await expect(page.getByTestId('plan-errors')).toHaveCount(0)
  await expect(page.locator('[data-testid="plan-event"]')).toHaveCount(3)
  await page.getByTestId('plan-save').click()
  await expect(page.getByTestId('plan-notice')).toContainText('Saved')
  await expect(page.getByTestId('plan-status')).toContainText('3 planned events')
  await expect(
    page.locator('[data-testid="plan-event"][data-event="signed_up"] [data-testid="plan-seen"]'),
  ).toHaveText('never seen')

  // Live traffic: one good, one with a value the plan does not allow, one unplanned.
  const res = await postJson(`${server.captureUrl}/track`, [
    trackEvent('signed_up', { properties: { plan: 'pro', email: 'ada@example.com' } }),
    trackEvent('signed_up', { properties: { plan: 'enterprise', email: 'bob@example.com' } }),
    trackEvent('made_up_event'),
  ])
  // Strict answers like the real API, which knows nothing of the plan: these are accepted.
  expect(res.status).toBe(200)
  expect(await res.json()).toMatchObject({ success: true })

  await expect(
    page.locator('[data-testid="plan-event"][data-event="signed_up"] [data-testid="plan-seen"]'),
  ).toHaveText('2× seen', { timeout: 8_000 })
  await expect(page.getByTestId('plan-coverage-summary')).toHaveText('1 of 3 planned events seen in the log')

  await page.getByTestId('view-stream').click()
  const rows = page.getByTestId('stream-row')
  await expect(rows).toHaveCount(3)

  // Off the plan is not the red of a spec error: the real API accepted these.
  const badge = (name: string) =>
    page.locator(`[data-testid="stream-row"][data-event-name="${name}"] .status-badge`)
  // (the newest signed_up, plan "enterprise": a value the plan does not allow)
  await expect(badge('signed_up').first()).toHaveAttribute('data-status', 'off-plan')
  await expect(badge('signed_up').first()).toContainText('off-plan')
  await expect(badge('signed_up').nth(1)).toHaveAttribute('data-status', 'valid')
  // A spec error (no timestamp zone) is answered 400 in strict mode and shown as invalid.
  const bad = await postJson(`${server.captureUrl}/track`, [
    trackEvent('page_visit', { timestamp: '2025-09-22 11:04:05' }),
  ])
  expect(bad.status).toBe(400)
  await expect(badge('page_visit')).toHaveAttribute('data-status', 'invalid')
  await expect(rows).toHaveCount(4)
  await page.screenshot({ path: test.info().outputPath('off-plan.png') })

  // The off-plan one: its finding points at properties.plan.
  await page.locator('[data-testid="stream-row"][data-event-name="signed_up"]').nth(0).click()
  await expect(page.getByTestId('detail-pane')).toContainText('off-plan')
  await expect(page.getByTestId('event-tab-count')).toHaveText('1')
  await page.getByTestId('tab-findings').click()
  const finding = page.locator('[data-testid="finding"][data-rule="plan.allowed"]')
  await expect(finding).toContainText('"enterprise" is not allowed')
  await finding.getByRole('button').click()
  await expect(page.getByTestId('tab-event')).toHaveAttribute('aria-selected', 'true')
  const focused = page.locator('.json-line.is-focused')
  await expect(focused).toHaveAttribute('data-pointer', '/properties/plan')
  await expect(focused).toContainText('enterprise')
  await expect(focused).toBeInViewport()

  // Filter the stream to the rule.
  await page.getByTestId('rule-filter').click()
  await page.getByTestId('rule-option-plan.allowed').check()
  await page.keyboard.press('Escape')
  await expect(rows).toHaveCount(1)
  await expect(rows.first()).toHaveAttribute('data-event-name', 'signed_up')
  await expect(page.getByTestId('rule-filter')).toHaveText('plan.allowed')

  // A new violation arrives while filtered: it shows up; a valid call does not.
  await postJson(`${server.captureUrl}/track`, [
    trackEvent('signed_up', { properties: { plan: 'gold' } }),
    trackEvent('page_visit', { properties: { page_url: 'https://shop.example/' } }),
  ])
  await expect(rows).toHaveCount(2)

  await page.getByTestId('rule-filter').click()
  await page.getByTestId('rule-option-plan.allowed').uncheck()
  await page.getByTestId('rule-option-plan.unplanned-event').check()
  await page.keyboard.press('Escape')
  await expect(rows).toHaveCount(1)
  await expect(rows.first()).toHaveAttribute('data-event-name', 'made_up_event')
})

test('lenient mode answers 200 and still records the violations', async ({ page, server }) => {
  await openUi(page, server)
  const toggle = page.getByTestId('mode-toggle')
  await expect(toggle).toHaveAttribute('data-mode', 'strict')
  await page.getByTestId('mode-lenient').click()
  await expect(toggle).toHaveAttribute('data-mode', 'lenient')

  const res = await postJson(`${server.captureUrl}/track`, [
    trackEvent('x', { timestamp: '20-11-23T22:28:55.111Z' }),
  ])
  expect(res.status).toBe(200)
  await page.getByTestId('stream-row').first().click()
  await expect(page.getByTestId('detail-pane')).toContainText('invalid')

  // The choice is kept by the engine, not the page.
  await page.reload()
  await expect(page.getByTestId('mode-toggle')).toHaveAttribute('data-mode', 'lenient')
})

test('re-validating the log applies a new plan to events already captured', async ({ page, server }) => {
  await postJson(`${server.captureUrl}/track`, [
    trackEvent('signed_up', { properties: { plan: 'enterprise' } }),
    trackEvent('signed_up', { properties: { plan: 'pro' } }),
  ])
  await openUi(page, server)
  await page.getByTestId('status-filter').selectOption('invalid')
  await expect(page.getByTestId('stream-row')).toHaveCount(0)

  await page.getByTestId('view-plan').click()
  await page.getByTestId('plan-source').fill(PLAN)
  await page.getByTestId('plan-save').click()
  await expect(page.getByTestId('plan-notice')).toContainText('Saved')
  await page.getByTestId('revalidate-button').click()
  await expect(page.getByTestId('revalidate-result')).toContainText('Re-checked 2 events: 1 changed')

  await page.getByTestId('view-stream').click()
  await expect(page.getByTestId('stream-row')).toHaveCount(1)
})

test('the plan can be edited as a table and saved', async ({ page, server }) => {
  await openUi(page, server)
  await page.getByTestId('view-plan').click()
  await page.getByTestId('plan-example').click()
  await expect(page.locator('[data-testid="plan-event"]')).toHaveCount(2)
  await page.getByTestId('plan-edit-table').click()
  const grid = page.getByTestId('plan-grid')
  await expect(grid.getByTestId('plan-grid-row')).toHaveCount(5)
  await grid.getByTestId('plan-grid-add').click()
  const added = grid.getByTestId('plan-grid-row').last()
  await added.getByLabel('Event').fill('checkout_started')
  await added.getByLabel('Property').fill('currency')
  await added.getByLabel('Required').check()
  await added.getByLabel('Allowed values').fill('EUR|USD')
  await grid.getByTestId('plan-grid-apply').click()
  await expect(page.getByTestId('plan-source')).toHaveValue(/checkout_started,currency,string,yes,EUR\|USD/)
  await expect(page.locator('[data-testid="plan-event"]')).toHaveCount(3)
  await page.getByTestId('plan-save').click()
  await expect(page.getByTestId('plan-status')).toContainText('3 planned events')

  const res = await postJson(`${server.captureUrl}/track`, [
    trackEvent('checkout_started', { properties: { currency: 'JPY' } }),
  ])
  // Recorded as a plan finding; answered as the real API would.
  expect(res.status).toBe(200)
  const detail = await (
    await fetch(`${server.baseUrl}/rpc/events.list`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ rules: ['plan.allowed'] }),
    })
  ).json()
  expect((detail as { result: { items: unknown[] } }).result.items).toHaveLength(1)
})
