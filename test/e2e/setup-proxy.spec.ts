/**
 * The Setup screen as a user meets it: the capture proxy listening, the
 * browsers this machine has (and why one is missing), terminal settings,
 * the CA's public facts; then a Node script started with `track-debugger
 * run --` against the real Track host name is captured, shows in the
 * stream as "proxied", and the Setup screen counts it live.
 */
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { expect, openUi, test, trackEvent } from './fixtures'

const root = join(import.meta.dirname, '..', '..')

test('the Setup screen shows the proxy, and a command run through it is captured and counted', async ({
  page,
  server,
}) => {
  await openUi(page, server)
  await page.getByRole('tab', { name: 'Setup' }).click()
  const screen = page.getByTestId('setup-screen')
  await expect(screen.getByTestId('proxy-state')).toContainText('Listening on http://127.0.0.1:')
  const proxyUrl = /http:\/\/127\.0\.0\.1:\d+/.exec(
    (await screen.getByTestId('proxy-state').textContent()) ?? '',
  )?.[0]
  expect(proxyUrl).toBeTruthy()

  // Debian's Chromium is found; Chrome is not, and the screen says where it looked.
  await expect(screen.getByTestId('browser-chromium')).toContainText('/usr/bin/chromium')
  await expect(screen.getByTestId('browser-chrome')).toContainText('not found (looked for google-chrome')
  await expect(screen.getByTestId('ca-facts')).toContainText(/([0-9A-F]{2}:){31}[0-9A-F]{2}/)
  await screen.getByRole('tab', { name: 'bash / zsh' }).click()
  await expect(screen.getByTestId('proxy-snippet-bash')).toContainText(`export HTTPS_PROXY='${proxyUrl}'`)
  await expect(screen.getByTestId('proxy-snippet-bash')).toContainText("export NODE_USE_ENV_PROXY='1'")
  await expect(screen.getByTestId('proxy-hosts-empty')).toBeVisible()

  const port = new URL(proxyUrl as string).port
  const script = `
    const res = await fetch('https://api.dev.app.thrivestack.ai/api/track', { method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'tsk_script_key_1' },
      body: JSON.stringify([${JSON.stringify(trackEvent('from_unchanged_script'))}]) })
    process.exit(res.status === 200 ? 0 : 1)`
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(
      process.execPath,
      [
        join(root, 'bin/track-debugger.js'),
        'run',
        '--proxy-port',
        port,
        '--data-dir',
        server.dataDir,
        '--',
        process.execPath,
        '--input-type=module',
        '-e',
        script,
      ],
      { stdio: 'ignore' },
    )
    child.on('close', resolve)
  })
  expect(code).toBe(0)

  const counts = screen.getByTestId('proxy-host-counts')
  await expect(counts).toContainText('api.dev.app.thrivestack.ai')
  await expect(
    counts
      .getByRole('row', { name: /api\.dev\.app\.thrivestack\.ai/ })
      .getByRole('cell')
      .nth(1),
  ).toHaveText('1')
  await page.screenshot({ path: test.info().outputPath('setup-screen.png') })
  await screen.getByTestId('ca-facts').scrollIntoViewIfNeeded()
  await page.screenshot({ path: test.info().outputPath('setup-screen-lower.png') })

  await page.getByRole('tab', { name: 'Stream' }).click()
  const row = page.getByTestId('stream-row').filter({ hasText: 'from_unchanged_script' })
  await expect(row).toBeVisible()
  await expect(row).toContainText('proxied')
})
