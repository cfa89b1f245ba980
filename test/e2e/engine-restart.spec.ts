/**
 * The desktop window when the engine's process dies: main pushes
 * `engine.status`, and the window says so until the engine runs again.
 * The renderer runs with the desktop transport (a `window.trackDebugger`
 * bridge, as the preload exposes it), whose methods reach the real headless
 * engine over its RPC; the test plays main's part for the status pushes.
 */
import { METHOD_NAMES } from '../../src/shared/api'
import { expect, test } from './fixtures'

test('says the engine is restarting, then that it runs again, or that it stopped for good', async ({
  page,
  server,
}) => {
  await page.addInitScript(
    ({ token, methods }) => {
      const listeners = new Map<string, Set<(payload: unknown) => void>>()
      const call = (name: string) => async (input: unknown) => {
        const res = await fetch(`/rpc/${name}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(input ?? {}),
        })
        const json = (await res.json()) as { result?: unknown; error?: { message: string } }
        if (!res.ok) throw new Error(json.error?.message ?? res.statusText)
        return json.result
      }
      const bridge: Record<string, unknown> = Object.fromEntries(methods.map((m) => [m, call(m)]))
      bridge['on'] = (name: string, listener: (payload: unknown) => void) => {
        const set = listeners.get(name) ?? new Set()
        set.add(listener)
        listeners.set(name, set)
        return () => set.delete(listener)
      }
      const w = globalThis as unknown as Record<string, unknown>
      w['trackDebugger'] = bridge
      w['__push'] = (name: string, payload: unknown) => listeners.get(name)?.forEach((l) => l(payload))
    },
    { token: server.token, methods: [...METHOD_NAMES] },
  )
  await page.setViewportSize({ width: 1280, height: 720 })
  await page.goto(server.baseUrl)
  await expect(page.locator('html[data-app-state="ready"]')).toBeAttached({ timeout: 15_000 })
  await expect(page.getByTestId('status-bar')).toContainText('Desktop (IPC)')
  const push = (payload: unknown) =>
    page.evaluate(
      (p) =>
        (globalThis as unknown as { __push: (n: string, p: unknown) => void }).__push('engine.status', p),
      payload,
    )

  await push({
    state: 'restarting',
    message:
      'The engine process ended unexpectedly (exit code 9); restarting it. What it had committed is kept.',
  })
  const banner = page.getByTestId('engine-banner')
  await expect(banner).toContainText('The engine is restarting.')
  await expect(banner).toContainText('exit code 9')
  await expect(page.getByTestId('live-indicator')).toHaveAttribute('data-state', 'offline')
  // The empty stream no longer claims to be capturing.
  await expect(page.getByTestId('empty-state-lead')).toContainText('Not connected to the engine right now')
  await page.screenshot({ path: test.info().outputPath('engine-restarting.png') })

  await push({ state: 'running', message: null })
  await expect(banner).toHaveCount(0)
  await expect(page.getByTestId('live-indicator')).toHaveAttribute('data-state', 'live')
  await expect(page.getByTestId('empty-state-lead')).toContainText('Track Debugger is capturing on')

  await push({
    state: 'failed',
    message: 'The engine process ended unexpectedly (exit code 9), and it keeps ending.',
  })
  await expect(banner).toContainText('The engine stopped.')
  await expect(page.getByTestId('live-indicator')).toContainText('Engine stopped')
  await expect(page.getByTestId('empty-state-lead')).toContainText(
    'The engine stopped, so nothing is captured',
  )
  await page.screenshot({ path: test.info().outputPath('engine-stopped.png') })
})
