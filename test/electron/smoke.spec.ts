/**
 * Desktop smoke test: the built app starts in real Electron, its window
 * shows the UI with data loaded, the renderer has no Node or Electron in
 * reach, an SDK call is captured and shown, and closing the app leaves
 * nothing listening.
 *
 * Electron's binary cannot be downloaded on some build machines, so this
 * finds it (ELECTRON_PATH, or the installed package's own download) without
 * triggering electron's download-on-require, and skips, saying so, when it
 * is absent. The same flow runs everywhere against the built main bundle
 * with a fake of Electron's API (test/integration/desktop/main-bundle.test.ts).
 * Run after `electron-vite build`.
 */
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { _electron as electron, expect, test } from '@playwright/test'

const root = resolve(import.meta.dirname, '../..')
const mainEntry = join(root, 'out/main/index.js')

/**
 * Where `require('electron')` would point, or why there is nothing there.
 * Mirrors node_modules/electron/index.js, which downloads the binary when
 * it is missing instead of failing: a test must not reach for the network.
 */
function findElectronBinary(): { path: string } | { missing: string } {
  const explicit = process.env['ELECTRON_PATH']
  if (explicit)
    return existsSync(explicit) ? { path: explicit } : { missing: `ELECTRON_PATH=${explicit} does not exist` }
  let packageDir: string
  try {
    packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'))
  } catch {
    return { missing: 'the electron package is not installed' }
  }
  const pathFile = join(packageDir, 'path.txt')
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null
  const override = process.env['ELECTRON_OVERRIDE_DIST_PATH']
  if (override) {
    const binary = join(override, relative ?? 'electron')
    return existsSync(binary) ? { path: binary } : { missing: `ELECTRON_OVERRIDE_DIST_PATH has no ${binary}` }
  }
  if (relative === null) return { missing: `no ${pathFile}; its postinstall download did not run or failed` }
  const binary = join(packageDir, 'dist', relative)
  return existsSync(binary) ? { path: binary } : { missing: `no ${binary}` }
}

const electronBinary = findElectronBinary()
if ('missing' in electronBinary) {
  // The list reporter does not print skip reasons; say it where the CI log shows it.
  console.log(`Desktop smoke test skipped: Electron binary not installed (${electronBinary.missing}).`)
}

test.describe('desktop app', () => {
  test.skip(
    'missing' in electronBinary,
    `Electron binary not installed (${'missing' in electronBinary ? electronBinary.missing : ''}) — desktop smoke test skipped`,
  )

  test('starts, loads the UI and keeps Node out of the renderer', async () => {
    if (!('path' in electronBinary)) return
    expect(existsSync(mainEntry), `${mainEntry} is missing: run "electron-vite build" first`).toBe(true)

    const dataDir = mkdtempSync(join(tmpdir(), 'track-debugger-smoke-'))
    // Chromium refuses to run as root with its sandbox on (CI containers); the app's own renderer sandbox still applies.
    const rootArgs = process.getuid?.() === 0 ? ['--no-sandbox'] : []
    const env: Record<string, string> = {}
    for (const [name, value] of Object.entries(process.env)) {
      // A dev-server URL left in the environment would make the app load that instead of the build.
      if (value !== undefined && name !== 'ELECTRON_RENDERER_URL') env[name] = value
    }
    env['TRACK_DEBUGGER_DATA_DIR'] = dataDir
    env['TRACK_DEBUGGER_CAPTURE_PORT'] = '0'
    env['TRACK_DEBUGGER_PROXY_PORT'] = '0'
    const app = await electron.launch({
      executablePath: electronBinary.path,
      args: [...rootArgs, mainEntry],
      cwd: root,
      env,
    })
    try {
      const window = await app.firstWindow()
      await expect(window.locator('html[data-app-state="ready"]')).toBeAttached({ timeout: 30_000 })
      await expect(window).toHaveTitle(/Track Debugger/)

      const renderer = await window.evaluate(() => {
        const scope = globalThis as { require?: unknown; process?: unknown; trackDebugger?: object }
        return {
          require: typeof scope.require,
          process: typeof scope.process,
          bridge: scope.trackDebugger ? Object.keys(scope.trackDebugger).sort() : null,
        }
      })
      expect(renderer.require).toBe('undefined')
      expect(renderer.process).toBe('undefined')
      expect(renderer.bridge).toContain('on')
      expect(renderer.bridge).not.toContain('invoke')

      // Port 0 was honoured: the engine picked a free port, not the default 8787.
      const info = await window.evaluate(async () => {
        const bridge = (globalThis as { trackDebugger?: { 'app.info'(input: object): Promise<unknown> } })
          .trackDebugger
        return (await bridge?.['app.info']({})) as { port: number; dataDir: string; transport: string }
      })
      expect(info.transport).toBe('ipc')
      expect([dataDir, realpathSync(dataDir)]).toContain(info.dataDir)
      expect(info.port).toBeGreaterThan(0)
      expect(info.port).not.toBe(8787)

      // One SDK call, as an app pointed at the capture URL sends it, appears in the stream.
      const res = await fetch(`http://127.0.0.1:${info.port}/api/track`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': 'tsk_smoke_key_0001' },
        body: JSON.stringify([
          { event_name: 'smoke_signup', user_id: 'u1', timestamp: new Date().toISOString() },
        ]),
      })
      expect(res.status).toBe(200)
      await expect(window.getByText('smoke_signup').first()).toBeVisible({ timeout: 10_000 })

      await app.close()
      // The engine went with the app: nothing answers on the capture port any more.
      await expect(fetch(`http://127.0.0.1:${info.port}/api/subscriptionStatus`)).rejects.toThrow()
    } finally {
      await app.close().catch(() => undefined)
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
