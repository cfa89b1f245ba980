/**
 * The stream as a user drives it: filtering (including live arrivals),
 * pausing, clearing, protocol rows, and how the headless page handles its
 * access token.
 */
import { expect, openUi, postJson, test, trackEvent } from './fixtures'

test('the filter narrows the stream, and live arrivals respect it', async ({ page, server }) => {
  await postJson(`${server.captureUrl}/track`, [trackEvent('signed_up'), trackEvent('page_visit')])
  await openUi(page, server)
  const rows = page.getByTestId('stream-row')
  await expect(rows).toHaveCount(2)

  await page.keyboard.press('/')
  await expect(page.getByTestId('filter-input')).toBeFocused()
  await page.keyboard.type('signed')
  await expect(rows).toHaveCount(1)
  await expect(rows.first()).toHaveAttribute('data-event-name', 'signed_up')

  await postJson(`${server.captureUrl}/track`, [trackEvent('signed_in'), trackEvent('checkout_started')])
  await expect(page.locator('[data-testid="stream-row"][data-event-name="signed_in"]')).toBeVisible()
  await expect(rows).toHaveCount(2)
  await expect(page.locator('[data-event-name="checkout_started"]')).toHaveCount(0)

  await page.keyboard.type('zzz')
  await expect(page.getByTestId('no-match')).toBeVisible()
  await expect(page.getByTestId('empty-state')).toHaveCount(0)

  await page.keyboard.press('Escape')
  await expect(rows).toHaveCount(4)
})

test('pausing holds new arrivals until resume', async ({ page, server }) => {
  await postJson(`${server.captureUrl}/track`, [trackEvent('before_pause')])
  await openUi(page, server)
  const rows = page.getByTestId('stream-row')
  await expect(rows).toHaveCount(1)

  await page.getByTestId('pause-button').click()
  await expect(page.getByTestId('live-indicator')).toHaveAttribute('data-state', 'paused')
  await postJson(`${server.captureUrl}/track`, [trackEvent('while_paused_1'), trackEvent('while_paused_2')])
  await expect(page.getByTestId('paused-banner')).toContainText('2 new events')
  await expect(rows).toHaveCount(1)

  await page.getByTestId('resume-button').click()
  await expect(rows).toHaveCount(3)
  await expect(rows.first()).toHaveAttribute('data-event-name', 'while_paused_2')
  await expect(page.getByTestId('paused-banner')).toHaveCount(0)
})

test('clear asks first, then empties the stream', async ({ page, server }) => {
  await postJson(`${server.captureUrl}/track`, [trackEvent('doomed')])
  await openUi(page, server)
  await expect(page.getByTestId('stream-row')).toHaveCount(1)

  await page.getByTestId('clear-button').click()
  const dialog = page.getByRole('dialog', { name: 'Clear the log?' })
  await expect(dialog).toBeVisible()
  // A dangerous action opens on Cancel: Enter never clears the log by itself.
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused()
  await page.getByRole('button', { name: 'Cancel' }).click()
  await expect(page.getByTestId('stream-row')).toHaveCount(1)

  await page.getByTestId('clear-button').click()
  await page.getByTestId('confirm-button').click()
  await expect(page.getByTestId('empty-state')).toBeVisible()
  await expect(page.getByTestId('stream-row')).toHaveCount(0)

  await page.reload()
  await expect(page.getByTestId('empty-state')).toBeVisible()
})

test('preflight and status checks are hidden until asked for', async ({ page, server }) => {
  await fetch(`${server.captureUrl}/track`, {
    method: 'OPTIONS',
    headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST' },
  })
  await fetch(`${server.captureUrl}/subscriptionStatus`)
  await postJson(`${server.captureUrl}/track`, [trackEvent('real_event')])
  await openUi(page, server)
  const rows = page.getByTestId('stream-row')
  await expect(rows).toHaveCount(1)

  await page.getByTestId('protocol-toggle').check()
  await expect(rows).toHaveCount(3)
  await expect(page.getByTestId('stream-table')).toContainText('CORS preflight')
  await expect(page.getByTestId('stream-table')).toContainText('/subscriptionStatus')
})

test('the token leaves the address bar; without it the page says what to do', async ({
  page,
  browser,
  server,
}) => {
  await openUi(page, server)
  expect(page.url()).not.toContain('token')
  await page.reload()
  await expect(page.locator('html[data-app-state="ready"]')).toBeAttached()

  const stranger = await browser.newPage()
  await stranger.goto(server.baseUrl)
  await expect(stranger.getByTestId('auth-required')).toContainText('?token=')
  // The server's real address (the port was picked at start), not a default that may not be this one.
  await expect(stranger.getByTestId('auth-url')).toHaveText(`${server.baseUrl}/?token=…`)
  await stranger.goto(`${server.baseUrl}/?token=not-the-right-token-000`)
  await expect(stranger.getByTestId('auth-required')).toContainText('no longer valid')
  await stranger.close()
})
