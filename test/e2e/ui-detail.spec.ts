/** The detail pane: findings, request-only rows, the JSON tree's controls, and the theme. */
import { expect, openUi, postJson, test, trackEvent } from './fixtures'

test('an invalid event lists its findings', async ({ page, server }) => {
  const broken = trackEvent('x')
  delete broken['event_name']
  await postJson(`${server.captureUrl}/track`, [broken])
  await openUi(page, server)
  await page.getByTestId('stream-row').first().click()
  await expect(page.getByTestId('detail-pane')).toContainText('invalid')
  await page.getByTestId('tab-findings').click()
  await expect(page.getByTestId('findings-list')).toContainText('event_name')
})

test('a body that is not JSON is shown exactly as received', async ({ page, server }) => {
  const body = '[{"event_name":"broken", "properties": {'
  const res = await postJson(`${server.captureUrl}/track`, body)
  expect(res.status).toBe(400)
  await openUi(page, server)
  await page.getByTestId('stream-row').first().click()
  await expect(page.getByTestId('detail-pane')).toContainText('carried no events')
  await page.getByTestId('tab-raw').click()
  await expect(page.getByTestId('raw-body')).toHaveText(body)
})

test('the JSON tree collapses and expands', async ({ page, server }) => {
  await postJson(`${server.captureUrl}/track`, [trackEvent('signed_up')])
  await openUi(page, server)
  await page.getByTestId('stream-row').first().click()
  const tree = page.getByTestId('json-tree')
  // A collapsed object still previews its values, so look for the member's own line.
  const emailLine = tree.locator('.json-line', { has: page.locator('.json-key', { hasText: /^email$/ }) })
  await expect(emailLine).toHaveCount(1)
  await tree.getByRole('button', { name: 'Collapse all' }).click()
  await expect(emailLine).toHaveCount(0)
  await expect(tree).toContainText('3 keys')
  await tree.getByRole('button', { name: 'Expand all' }).click()
  await expect(emailLine).toHaveCount(1)
})

test('the theme choice applies at once and survives a reload', async ({ page, server }) => {
  await openUi(page, server)
  await page.locator('[data-theme-option="dark"]').click()
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  await page.reload()
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  await page.locator('[data-theme-option="light"]').click()
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light')
})

test('every call shows the headers it was answered with, also when the log keeps that set once', async ({
  page,
  server,
}) => {
  // The capture port answers both alike: the second call's headers are stored as a reference to the first's set.
  for (const name of ['first_call', 'second_call']) {
    expect((await postJson(`${server.captureUrl}/track`, [trackEvent(name)])).status).toBe(200)
  }
  await openUi(page, server)
  for (const name of ['first_call', 'second_call']) {
    await page.locator(`[data-testid="stream-row"][data-event-name="${name}"]`).click()
    await page.getByTestId('tab-request').click()
    const headers = page.getByTestId('response-headers')
    await expect(headers).toContainText('Access-Control-Allow-Origin*')
    await expect(headers).toContainText('Content-Length108')
  }
  await page.getByTestId('response-headers').scrollIntoViewIfNeeded()
  await page.screenshot({ path: test.info().outputPath('response-headers-shared.png') })
})
