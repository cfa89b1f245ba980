import { readFileSync } from 'node:fs'
import { expect, openUi, postJson, test, trackEvent } from './fixtures'

test('the filter language narrows the stream, autocompletes values and explains mistakes', async ({
  page,
  server,
}) => {
  await postJson(`${server.captureUrl}/track`, [
    trackEvent('signed_up', { user_id: 'u_ada', properties: { plan: 'pro' } }),
    trackEvent('signed_up', { user_id: 'u_bob', properties: { plan: 'free' } }),
    trackEvent('page_visit', { user_id: 'u_ada', properties: { page_path: '/pricing' } }),
  ])
  await postJson(`${server.captureUrl}/identify`, [
    {
      user_id: 'u_cy',
      traits: { user_email: 'cy@example.com', plan: 'pro' },
      timestamp: new Date().toISOString(),
    },
  ])
  await openUi(page, server)
  const rows = page.getByTestId('stream-row')
  await expect(rows).toHaveCount(4)

  const input = page.getByTestId('filter-input')
  await input.click()
  await expect(page.getByTestId('filter-help')).toContainText('prop.plan:pro')

  // Field names, then the event names the log holds.
  await input.pressSequentially('ev')
  await expect(page.getByTestId('filter-suggestion').first()).toHaveText(/event:/)
  await page.keyboard.press('Enter')
  await expect(input).toHaveValue('event:')
  await expect(page.getByTestId('filter-suggestion')).toHaveText(['page_visit', 'signed_up'])
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('Enter')
  await expect(input).toHaveValue('event:signed_up ')
  await expect(rows).toHaveCount(2)

  await input.pressSequentially('prop.plan:pro')
  await expect(rows).toHaveCount(1)
  await expect(rows.first()).toContainText('u_ada')

  // Properties and traits alike; free text finds words anywhere.
  await input.fill('prop.plan:pro')
  await expect(rows).toHaveCount(2)
  await input.fill('pricing')
  await expect(rows).toHaveCount(1)
  await expect(rows.first()).toHaveAttribute('data-event-name', 'page_visit')

  // A mistake is explained, and the last good result stays.
  await input.fill('type:trak')
  await expect(page.getByTestId('filter-error')).toContainText('Unknown call type "trak"')
  await expect(input).toHaveAttribute('aria-invalid', 'true')
  await expect(rows).toHaveCount(1)
  // Out of the box, the rows left are marked as the last valid filter's, and the panel no longer covers the headers.
  await input.blur()
  await expect(page.getByTestId('filter-stale')).toContainText('Unknown call type "trak"')
  await expect(page.getByTestId('filter-stale')).toContainText('from the last valid filter')
  await expect(page.getByTestId('filter-assist')).toHaveCount(0)
  await expect(page.locator('.stream-table')).toHaveCSS('opacity', '0.45')
  await page.getByRole('columnheader', { name: 'Time' }).click({ trial: true })
  await input.fill('type:identify')
  await expect(page.getByTestId('filter-stale')).toHaveCount(0)
  await expect(rows).toHaveCount(1)
  await expect(rows.first()).toContainText('u_cy')
})

test('settings show the log size and save retention limits', async ({ page, server }) => {
  await postJson(`${server.captureUrl}/track`, [trackEvent('signed_up'), trackEvent('page_visit')])
  await openUi(page, server)
  await page.getByTestId('view-settings').click()
  await expect(page.getByTestId('storage-counts')).toHaveText('2 events in 1 request')
  await expect(page.getByTestId('storage-size')).toContainText('on disk')
  await expect(page.getByTestId('limit-events-value')).toHaveValue('1000000')

  await page.getByTestId('limit-events-value').fill('50')
  await expect(page.getByTestId('limit-events')).toContainText('at least 1,000')
  await expect(page.getByTestId('retention-save')).toBeDisabled()
  await page.getByTestId('limit-events-value').fill('5000')
  await page.getByTestId('limit-age-enabled').uncheck()
  await page.getByTestId('retention-save').click()
  await expect(page.getByText('Saved. Limits apply now.')).toBeVisible()

  // Saved in the engine: a reload shows the same limits.
  await page.reload()
  await page.getByTestId('view-settings').click()
  await expect(page.getByTestId('limit-events-value')).toHaveValue('5000')
  await expect(page.getByTestId('limit-age-enabled')).not.toBeChecked()
})

test('export what I see: the stream filter exported from the Stream screen, nothing more', async ({
  page,
  server,
}) => {
  await postJson(`${server.captureUrl}/track`, [
    trackEvent('signed_up'),
    trackEvent('page_visit'),
    trackEvent('signed_up', { user_id: 'u_2' }),
  ])
  await openUi(page, server)
  await page.getByTestId('filter-input').fill('event:signed_up')
  await expect(page.getByTestId('stream-row')).toHaveCount(2)
  await page.getByTestId('export-view').click()
  await expect(page.getByRole('dialog', { name: 'Export what the stream shows' })).toContainText('The 2 rows')
  const downloading = page.waitForEvent('download')
  await page.getByTestId('export-view-ndjson').click()
  const download = await downloading
  const lines = readFileSync((await download.path()) as string, 'utf8')
    .trim()
    .split('\n')
  const names = lines.map((l) => (JSON.parse(l) as { event?: { event_name?: string } }).event?.event_name)
  expect(names.filter((n) => n !== undefined)).toEqual(['signed_up', 'signed_up'])
  await expect(page.getByTestId('export-view-result')).toContainText('2 rows written')
})
