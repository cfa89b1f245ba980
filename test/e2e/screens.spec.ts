/**
 * Screens other than the stream load their code the first time they are opened, so the page
 * starts with what the stream's first rows need. A screen whose code cannot be loaded says so and
 * leaves the rest of the app working.
 */
import { expect, openUi, postJson, test, trackEvent } from './fixtures'

const SESSIONS_CHUNK = /\/assets\/sessions-view-[^/]*\.js$/

test('the sessions screen is loaded when it is first opened, not at start', async ({ page, server }) => {
  const scripts: string[] = []
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(request.url())
  })
  await postJson(`${server.captureUrl}/track`, [trackEvent('signed_up')])
  await openUi(page, server)
  await expect(page.getByTestId('stream-row')).toHaveCount(1)
  expect(scripts.filter((url) => SESSIONS_CHUNK.test(url))).toEqual([])

  await page.getByTestId('view-sessions').click()
  await expect(page.getByTestId('start-session')).toBeVisible()
  expect(scripts.filter((url) => SESSIONS_CHUNK.test(url))).toHaveLength(1)
  await expect(page.getByTestId('screen-loading')).toHaveCount(0)
  await expect(page.getByTestId('screen-failed')).toHaveCount(0)
})

test('a screen whose code cannot be loaded says so, and the other screens still work', async ({
  page,
  server,
}) => {
  await page.route(SESSIONS_CHUNK, (route) => route.abort('connectionrefused'))
  await postJson(`${server.captureUrl}/track`, [trackEvent('signed_up')])
  await openUi(page, server)

  await page.getByTestId('view-sessions').click()
  const failed = page.getByTestId('screen-failed')
  await expect(failed).toBeVisible()
  await expect(failed.getByRole('heading')).toHaveText('The Sessions screen could not be loaded')
  await expect(failed.getByRole('button', { name: 'Reload the page' })).toBeVisible()
  await page.screenshot({ path: test.info().outputPath('screen-failed.png') })

  await page.getByTestId('view-stream').click()
  await expect(page.getByTestId('stream-row')).toHaveCount(1)
  await expect(failed).toHaveCount(0)
})
