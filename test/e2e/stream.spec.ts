import { rmSync } from 'node:fs'
import { expect, openUi, postJson, startServer, test, trackEvent } from './fixtures'

test('events posted over HTTP appear live, and clicking one shows its payload', async ({ page, server }) => {
  await openUi(page, server)
  await expect(page.getByTestId('empty-state')).toBeVisible()
  await expect(page.getByTestId('empty-state')).toContainText(server.captureUrl)

  const res = await postJson(
    `${server.captureUrl}/track`,
    [trackEvent('signed_up'), trackEvent('plan_selected', { properties: { plan: 'team' } })],
    {
      'x-api-key': 'tsk_live_abcdefghijklmnop',
    },
  )
  expect(res.status).toBe(200)

  const rows = page.getByTestId('stream-row')
  await expect(rows).toHaveCount(2)
  await expect(rows.first()).toHaveAttribute('data-event-name', 'plan_selected')

  await page.locator('[data-testid="stream-row"][data-event-name="signed_up"]').click()
  const detail = page.getByTestId('detail-pane')
  await expect(detail).toContainText('signed_up')
  await expect(page.getByTestId('json-tree')).toContainText('ada@example.com')

  await page.getByTestId('tab-raw').click()
  await expect(page.getByTestId('raw-body')).toContainText('"event_name":"plan_selected"')

  await page.getByTestId('tab-request').click()
  const headers = page.getByTestId('headers-table').first()
  await expect(headers).toContainText('x-api-key')
  await expect(headers).toContainText('••••mnop')
  await expect(headers).not.toContainText('abcdefghijklmnop')
  // And the headers the answer went out with, CORS included.
  await expect(page.getByTestId('response-headers')).toContainText('Access-Control-Allow-Origin*')
  await expect(page.getByTestId('response-headers')).toContainText('application/json; charset=utf-8')
  await page.getByTestId('response-headers').scrollIntoViewIfNeeded()
  await page.screenshot({ path: test.info().outputPath('response-headers.png') })
})

test('keyboard moves through the stream', async ({ page, server }) => {
  await postJson(`${server.captureUrl}/track`, [
    trackEvent('first'),
    trackEvent('second'),
    trackEvent('third'),
  ])
  await openUi(page, server)
  await expect(page.getByTestId('stream-row')).toHaveCount(3)
  await page.getByTestId('stream-row').first().click()
  await expect(page.getByTestId('detail-pane')).toContainText('third')
  await page.keyboard.press('ArrowDown')
  await expect(page.getByTestId('detail-pane')).toContainText('second')
  await page.keyboard.press('ArrowDown')
  await expect(page.getByTestId('detail-pane')).toContainText('first')
  await page.keyboard.press('ArrowUp')
  await expect(page.getByTestId('detail-pane')).toContainText('second')
})

test('the log survives a restart of the server', async ({ page }) => {
  const first = await startServer()
  try {
    await postJson(`${first.captureUrl}/track`, [trackEvent('kept_across_restart')])
    expect(await first.stop()).toBe(0)
    expect(first.output()).toContain('Stopped cleanly')

    const second = await startServer({ dataDir: first.dataDir })
    try {
      await openUi(page, second)
      await expect(
        page.locator('[data-testid="stream-row"][data-event-name="kept_across_restart"]'),
      ).toBeVisible()
    } finally {
      await second.stop()
    }
  } finally {
    rmSync(first.dataDir, { recursive: true, force: true })
  }
})

test('the UI transport refuses requests without the token', async ({ server }) => {
  const res = await fetch(`${server.baseUrl}/rpc/events.list`, { method: 'POST', body: '{}' })
  expect(res.status).toBe(401)
  const wrong = await fetch(`${server.baseUrl}/rpc/events.list`, {
    method: 'POST',
    body: '{}',
    headers: { authorization: 'Bearer not-the-token-at-all-000' },
  })
  expect(wrong.status).toBe(401)
})
