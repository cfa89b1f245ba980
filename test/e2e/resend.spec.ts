import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { rmSync } from 'node:fs'
import { expect, openUi, postJson, startServer, test, trackEvent } from './fixtures'

const KEY = 'tsk_e2e_SECRET_key_4711abcd'

interface Upstream {
  url: string
  bodies: { path: string; key: string | undefined; body: string }[]
  close: () => Promise<void>
}

/** A real HTTP server on loopback standing in for the Track API. */
async function startUpstream(): Promise<Upstream> {
  const bodies: Upstream['bodies'] = []
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      bodies.push({ path: req.url ?? '', key: req.headers['x-api-key'] as string | undefined, body })
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(
        JSON.stringify({ success: true, response_id: 'loopback-1', message: 'Event tracked successfully' }),
      )
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/api`,
    bodies,
    close: () => new Promise<void>((r) => server.close(() => r())),
  }
}

test('capture an event, edit a property, resend to a loopback upstream, see the answer and the links', async ({
  page,
  server,
}) => {
  const upstream = await startUpstream()
  try {
    const event = trackEvent('signed_up')
    expect((await postJson(`${server.captureUrl}/track`, [event])).status).toBe(200)
    await openUi(page, server)

    // An environment for the loopback upstream, with a key that must never show again.
    await page.getByRole('tab', { name: 'Environments' }).click()
    await page.getByTestId('environment-add').click()
    await page.getByTestId('environment-name').fill('Loopback')
    await page.getByTestId('environment-url').fill(upstream.url)
    await page.getByTestId('environment-save').click()
    await page.getByTestId('api-key-replace').click()
    await page.getByTestId('api-key-input').fill(KEY)
    await page.getByTestId('api-key-store').click()
    await expect(page.getByTestId('api-key-masked')).toHaveText('••••abcd')

    // Three actions: select the event, Edit & resend, Send (after editing).
    await page.getByRole('tab', { name: 'Stream' }).click()
    await page.locator('[data-testid="stream-row"][data-event-name="signed_up"]').click()
    await page.getByTestId('edit-resend').click()
    const dialog = page.getByTestId('resend-dialog')
    await expect(dialog).toBeVisible()
    await dialog.getByTestId('environment-picker').selectOption({ label: 'Loopback' })
    const edited = { ...event, properties: { ...(event['properties'] as object), plan: 'enterprise' } }
    const text = `[\n  ${JSON.stringify(edited, null, 2).replace(/\n/g, '\n  ')}\n]`
    await dialog.locator('.cm-content').click()
    await page.keyboard.press('ControlOrMeta+a')
    await page.keyboard.insertText(text)
    await expect(dialog.locator('.cm-changedLine').first()).toBeVisible()
    await expect(dialog.getByTestId('resend-findings')).toContainText('No findings')
    await dialog.getByTestId('resend-send').click()

    await expect(dialog.getByTestId('send-response-status')).toHaveText('200')
    await expect(dialog.getByTestId('send-response-body')).toContainText('loopback-1')
    expect(upstream.bodies).toHaveLength(1)
    expect(upstream.bodies[0]).toEqual({ path: '/api/track', key: KEY, body: text })

    // The resend is a new entry that links back; the original lists it.
    await dialog.getByTestId('open-sent-entry').click()
    await expect(dialog).toBeHidden()
    const info = page.getByTestId('send-info')
    await expect(info).toContainText('Resent to Loopback')
    await expect(info.getByTestId('related-link')).toContainText('Resent from #1')
    await info.getByTestId('related-link').click()
    await expect(page.getByTestId('resends')).toContainText('Resend #2')
    await expect(page.locator('[data-testid="stream-row"][data-event-name="signed_up"]')).toHaveCount(2)

    // The key is nowhere the user (or a screenshot) could see it, nor in the server's output or files.
    expect(await page.content()).not.toContain(KEY)
    expect(server.output()).not.toContain(KEY)
    for (const name of readdirSync(server.dataDir)) {
      const file = join(server.dataDir, name)
      if (name === 'credentials.json' || !statSync(file).isFile()) continue
      expect(readFileSync(file).toString('latin1')).not.toContain(KEY)
    }
  } finally {
    await upstream.close()
  }
})

test('batch: pick rows with ctrl-click and send them as one request', async ({ page, server }) => {
  const upstream = await startUpstream()
  try {
    await postJson(`${server.captureUrl}/track`, [
      trackEvent('first'),
      trackEvent('second'),
      trackEvent('third'),
    ])
    await openUi(page, server)
    await page.getByRole('tab', { name: 'Environments' }).click()
    await page.getByTestId('environment-add').click()
    await page.getByTestId('environment-name').fill('Loopback')
    await page.getByTestId('environment-url').fill(upstream.url)
    await page.getByTestId('environment-save').click()
    await page.getByRole('tab', { name: 'Stream' }).click()
    const row = (name: string) => page.locator(`[data-testid="stream-row"][data-event-name="${name}"]`)
    // A click opens "first"; ctrl-clicks then add to it, as in a file manager (the first row stays picked).
    await row('first').click()
    await row('second').click({ modifiers: ['ControlOrMeta'] })
    await row('third').click({ modifiers: ['ControlOrMeta'] })
    const bar = page.getByTestId('batch-bar')
    await expect(bar).toContainText('3 events picked')
    await expect(page.locator('[data-testid="stream-row"][data-picked]')).toHaveCount(3)
    // Ctrl-click toggles one off; shift-click picks the range from the last clicked row.
    await row('second').click({ modifiers: ['ControlOrMeta'] })
    await expect(bar).toContainText('2 events picked')
    await row('first').click()
    await expect(bar).toBeHidden()
    await row('third').click({ modifiers: ['Shift'] })
    await expect(bar).toContainText('3 events picked')
    await row('second').click({ modifiers: ['ControlOrMeta'] })
    await expect(bar).toContainText('2 events picked')
    await bar.getByTestId('batch-environment').selectOption({ label: 'Loopback (no key)' })
    await bar.getByTestId('batch-send-one').click()
    await expect(bar.getByTestId('batch-result')).toHaveText('1 of 1 request answered 2xx')
    const sent = JSON.parse(upstream.bodies[0]!.body) as { event_name: string }[]
    expect(sent.map((e) => e.event_name)).toEqual(['first', 'third'])
  } finally {
    await upstream.close()
  }
})

test('the capture mode switch sets fault injection, and the capture server obeys it', async ({
  page,
  server,
}) => {
  await openUi(page, server)
  await expect(page.getByTestId('capture-mode-summary')).toHaveText('Capture')
  await page.getByTestId('capture-mode-summary').click()
  await page.getByTestId('capture-mode-fault').click()
  // Fault mode starts off: nothing breaks until a fault is picked.
  await expect(page.getByTestId('capture-mode-summary')).toHaveText('Fault · off')
  expect((await postJson(`${server.captureUrl}/track`, [trackEvent('not_broken_yet')])).status).toBe(200)
  await page.getByTestId('fault-action').selectOption('429')
  await expect(page.getByTestId('capture-mode-summary')).toHaveText('Fault · 429')
  const res = await postJson(`${server.captureUrl}/track`, [trackEvent('retry_me')])
  expect(res.status).toBe(429)
  expect(res.headers.get('retry-after')).toBe('5')
  await page.getByTestId('capture-mode-capture').click()
  await expect(page.getByTestId('capture-mode')).toHaveAttribute('data-mode', 'capture')
  expect((await postJson(`${server.captureUrl}/track`, [trackEvent('ok_again')])).status).toBe(200)
})

test('headless flags: forward upstream from --upstream, key from TRACK_DEBUGGER_API_KEY, never printed', async () => {
  const upstream = await startUpstream()
  const envKey = 'tsk_e2e_SECRET_from_env_var_99'
  const s = await startServer({
    args: ['--mode', 'forward', '--upstream', upstream.url],
    env: { TRACK_DEBUGGER_API_KEY: envKey },
  })
  try {
    expect(s.output()).toMatch(
      /Mode: +forward → Command line: 127\.0\.0\.1:\d+ \(http:\/\/127\.0\.0\.1:\d+\/api\)/,
    )
    const res = await postJson(`${s.captureUrl}/track`, [trackEvent('via_cli')])
    expect(res.status).toBe(200)
    expect(((await res.json()) as { response_id: string }).response_id).toBe('loopback-1')
    expect(upstream.bodies[0]?.key).toBe(envKey)
    expect(await s.stop()).toBe(0)
    expect(s.output()).not.toContain(envKey)
    for (const name of readdirSync(s.dataDir)) {
      const file = join(s.dataDir, name)
      if (statSync(file).isFile()) expect(readFileSync(file).toString('latin1')).not.toContain(envKey)
    }
  } finally {
    await s.stop()
    await upstream.close()
    rmSync(s.dataDir, { recursive: true, force: true })
  }
})

test('headless flags: --fault 503 --delay answers every call late with Retry-After; bad flags are usage errors', async () => {
  const s = await startServer({ args: ['--fault', '503', '--delay', '150'] })
  try {
    expect(s.output()).toContain('Mode:    fault injection: 503 with Retry-After: 5 after 150 ms — requests')
    const started = Date.now()
    const res = await postJson(`${s.captureUrl}/track`, [trackEvent('late')])
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe('5')
    expect(Date.now() - started).toBeGreaterThanOrEqual(140)
  } finally {
    await s.stop()
    rmSync(s.dataDir, { recursive: true, force: true })
  }
  await expect(startServer({ args: ['--fault', '418'] })).rejects.toThrow(/--fault status must be one of/)
})

test('the editor marks syntax errors and the validator findings where they point', async ({
  page,
  server,
}) => {
  await postJson(`${server.captureUrl}/track`, [trackEvent('signed_up')])
  await openUi(page, server)
  await page.locator('[data-testid="stream-row"][data-event-name="signed_up"]').click()
  await page.getByTestId('edit-resend').click()
  const dialog = page.getByTestId('resend-dialog')
  await dialog.locator('.cm-content').click()
  await page.keyboard.press('ControlOrMeta+a')
  await page.keyboard.insertText('[{"event_name": 42, "user_id": "u1", "timestamp": "{{$now}}"}]')
  await expect(dialog.getByTestId('resend-findings')).toContainText('error')
  await expect(dialog.locator('.cm-lintRange-error').first()).toHaveText('42')
  await page.keyboard.press('ControlOrMeta+a')
  await page.keyboard.insertText('[{"event_name": "x",]')
  await expect(dialog.getByTestId('resend-findings')).toContainText('Not valid JSON')
})

test('a send to a host that does not resolve is shown as failed, in red, with the DNS error', async ({
  page,
  server,
}) => {
  expect((await postJson(`${server.captureUrl}/track`, [trackEvent('signed_up')])).status).toBe(200)
  await openUi(page, server)
  await page.getByRole('tab', { name: 'Environments' }).click()
  await page.getByTestId('environment-add').click()
  await page.getByTestId('environment-name').fill('Nowhere')
  // .invalid never resolves (RFC 6761): the lookup fails on the machine itself.
  await page.getByTestId('environment-url').fill('http://track-upstream.invalid/api')
  await page.getByTestId('environment-save').click()
  await expect(page.getByTestId('environment-save')).toBeDisabled()

  await page.getByRole('tab', { name: 'Stream' }).click()
  await page.locator('[data-testid="stream-row"][data-event-name="signed_up"]').click()
  await page.getByTestId('edit-resend').click()
  const dialog = page.getByTestId('resend-dialog')
  // Production needs a key: the send is held back with the reason, and Cancel sends nothing.
  await dialog.getByTestId('environment-picker').selectOption({ label: 'Production (no key)' })
  await dialog.getByTestId('resend-send').click()
  const warnings = dialog.getByTestId('preflight-warnings')
  await expect(warnings).toContainText('Sending to Production without a key')
  await page.screenshot({ path: test.info().outputPath('preflight.png') })
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(warnings).toBeHidden()
  await expect(dialog.getByTestId('send-response-status')).toHaveCount(0)

  await dialog.getByTestId('environment-picker').selectOption({ label: 'Nowhere (no key)' })
  await dialog.getByTestId('resend-send').click()
  await expect(warnings).toContainText('Sending to Nowhere without a key')
  // Not a dangerous action: the dialog opens on its confirm button.
  await expect(dialog.getByTestId('confirm-button')).toBeFocused()
  await dialog.getByTestId('confirm-button').click()
  await expect(dialog.getByTestId('send-response-status')).toHaveText('No answer')
  await expect(dialog.getByRole('alert')).toContainText('could not be resolved')
  // Retry sends the same again: a second failed entry, the dialog showing its answer.
  const head = dialog.locator('.resend-result-head')
  const firstSent = (await head.textContent()) ?? ''
  expect(firstSent).toMatch(/Sent as request #\d+/)
  await dialog.getByTestId('send-retry').click()
  await expect(head).not.toHaveText(firstSent, { timeout: 10_000 })
  await expect(dialog.getByTestId('send-response-status')).toHaveText('No answer')
  await dialog.getByTestId('open-sent-entry').click()

  // In the stream the resend reads as failed, in the bad colour, not as a quiet "0".
  const failed = page.locator(
    '[data-testid="stream-row"][data-event-name="signed_up"] [data-testid="http-failed"]',
  )
  await expect(failed).toHaveCount(2)
  await expect(failed.first()).toHaveText('failed')
  // The same colour as an HTTP error's, not the faint grey of a plain status.
  await expect(failed.first()).toHaveCSS('font-weight', '600')
  const ok = page.locator(
    '[data-testid="stream-row"][data-event-name="signed_up"] .http-status:not(.http-failed)',
  )
  // The test project has no DOM types: the page's getComputedStyle is reached through globalThis.
  const colourOf = (el: unknown): string =>
    (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(el).color
  expect(await failed.first().evaluate(colourOf)).not.toBe(await ok.evaluate(colourOf))
  await expect(page.getByTestId('send-info')).toContainText('could not be resolved')
  await page.screenshot({ path: test.info().outputPath('failed-send.png') })
})

test('a compose draft is still there after a reload, call type and all', async ({ page, server }) => {
  await openUi(page, server)
  await page.getByTestId('view-compose').click()
  await page.getByTestId('template-identify').click()
  const editor = page.getByTestId('composer-editor')
  await editor.locator('.cm-content').click()
  await page.keyboard.press('ControlOrMeta+a')
  await page.keyboard.insertText('[{"user_id": "kept_across_reloads", "traits": {}}]')
  await page.getByTestId('composer-name').fill('Half-written')
  await page.reload()
  await expect(page.locator('html[data-app-state="ready"]')).toBeAttached()
  await page.getByTestId('view-compose').click()
  await expect(page.getByTestId('composer-editor')).toContainText('kept_across_reloads')
  await expect(page.getByTestId('composer-name')).toHaveValue('Half-written')
  await expect(page.getByRole('radio', { name: '/identify' })).toHaveAttribute('aria-checked', 'true')
})
