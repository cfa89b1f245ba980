/**
 * The built desktop main process (out/main/index.js), run under Node with
 * Electron's API replaced by the thinnest fake (test/electron-fake/): the
 * real window, IPC, session, dialog and lifecycle code of src/main/desktop
 * runs as it does in Electron, against the real engine. The same flow as
 * the Electron smoke test: open, capture one SDK call, see it, close with
 * nothing left running. Needs `electron-vite build` output.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cleanup, post, tempDir, trackEvent } from '../../helpers/engine'

const root = join(import.meta.dirname, '..', '..', '..')
const mainBundle = join(root, 'out', 'main', 'index.js')

interface Message {
  type: string
  id?: number
  [key: string]: unknown
}

class FakeElectronApp {
  readonly messages: Message[] = []
  private waiters: { match: (m: Message) => boolean; resolve: (m: Message) => void }[] = []
  private nextId = 1
  readonly exited: Promise<number | null>
  /** How each dialog is answered, by type (`dialog.save`, `dialog.open`). */
  answers: Record<string, (m: Message) => unknown> = {}

  constructor(readonly child: ChildProcess) {
    child.on('message', (m: Message) => {
      this.messages.push(m)
      if (m.type.startsWith('dialog.') && m.type !== 'dialog.error') {
        const answer = this.answers[m.type]?.(m) ?? { canceled: true, filePaths: [] }
        child.send({ type: 'answer', id: m.id, value: answer })
      }
      for (const w of [...this.waiters]) {
        if (w.match(m)) {
          this.waiters.splice(this.waiters.indexOf(w), 1)
          w.resolve(m)
        }
      }
    })
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)))
  }

  waitFor(match: (m: Message) => boolean, ms = 15_000): Promise<Message> {
    const seen = this.messages.find(match)
    if (seen) return Promise.resolve(seen)
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out; saw ${JSON.stringify(this.messages.map((m) => m.type))}`)),
        ms,
      )
      this.waiters.push({ match, resolve: (m) => (clearTimeout(timer), resolve(m)) })
    })
  }

  async request(message: Record<string, unknown>): Promise<{ ok: boolean; value?: unknown; error?: string }> {
    const id = this.nextId++
    const reply = this.waitFor((m) => m.type === 'reply' && m.id === id)
    this.child.send({ ...message, id })
    return (await reply) as unknown as { ok: boolean; value?: unknown; error?: string }
  }

  async invoke(channel: string, input: unknown = {}, extra: Record<string, unknown> = {}): Promise<unknown> {
    const r = await this.request({ type: 'invoke', channel, input, ...extra })
    if (!r.ok) throw new Error(r.error)
    return r.value
  }

  /** The relay id of the newest port main gave the window to the engine (0: none yet). */
  windowPort(): number {
    const given = this.messages.filter(
      (m) => m.type === 'window.postMessage' && m['channel'] === 'engine:port',
    )
    return ((given.at(-1)?.['ports'] as number[] | undefined) ?? [])[0] ?? 0
  }

  /** A contract call as the window makes it: on its own port, straight to the engine. */
  async call(method: string, input: unknown = {}): Promise<unknown> {
    await this.waitFor(() => this.windowPort() > 0)
    const port = this.windowPort()
    const id = this.nextId++
    const reply = this.waitFor((m) => {
      const data = m['data'] as { type?: string; id?: number } | undefined
      return m.type === 'window.port' && m['port'] === port && data?.type === 'reply' && data.id === id
    })
    this.child.send({ type: 'window.port', port, data: { type: 'call', id, method, input } })
    const { ok, value, error } = (await reply)['data'] as {
      ok: boolean
      value?: unknown
      error?: { message: string }
    }
    if (!ok) throw new Error(error?.message)
    return value
  }
}

/** A push the engine sent the window on its port. */
const windowPush = (m: Message, name: string): boolean =>
  m.type === 'window.port' && (m['data'] as { type?: string; name?: string } | undefined)?.name === name

let app: FakeElectronApp
let dataDir = ''
let downloads = ''
let opened = ''

beforeAll(async () => {
  expect(existsSync(mainBundle), 'run `electron-vite build` first').toBe(true)
  dataDir = tempDir('td-desktop-')
  downloads = tempDir('td-downloads-')
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && k !== 'ELECTRON_RENDERER_URL') env[k] = v
  // A file handed over by the OS (a double-click on a .ndjson with the app installed).
  opened = join(downloads, 'double-clicked.ndjson')
  writeFileSync(opened, `${JSON.stringify(trackEvent('opened_from_os'))}\n`)
  const child = fork(mainBundle, [opened], {
    execArgv: ['--import', pathToFileURL(join(root, 'test/electron-fake/register.mjs')).href],
    env: {
      ...env,
      TRACK_DEBUGGER_DATA_DIR: dataDir,
      TRACK_DEBUGGER_CAPTURE_PORT: '0',
      TRACK_DEBUGGER_PROXY_PORT: '0',
      FAKE_DOWNLOADS: downloads,
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  })
  app = new FakeElectronApp(child)
}, 30_000)

afterAll(async () => {
  if (app?.child.exitCode === null) app.child.kill('SIGKILL')
  cleanup(dataDir)
  cleanup(downloads)
})

/** Every file `entry` loads at start (static imports, followed through the chunks). */
function importClosure(entry: string): Map<string, string> {
  const files = new Map<string, string>()
  const visit = (file: string): void => {
    if (files.has(file)) return
    const text = readFileSync(file, 'utf8')
    files.set(file, text)
    for (const m of text.matchAll(/(?:from|import)\s*"(\.{1,2}\/[^"]+)"/g)) visit(join(file, '..', m[1]!))
  }
  visit(entry)
  return files
}

describe('the desktop build', () => {
  it('keeps the engine out of the main process: no capture server, no SQLite in its bundle', () => {
    const loadsSqlite = (files: Map<string, string>) =>
      [...files.values()].some((t) => /["']better-sqlite3["']/.test(t))
    const hasCapture = (files: Map<string, string>) =>
      [...files.values()].some((t) => /\bCaptureServer\b/.test(t))
    const main = importClosure(mainBundle)
    expect(main.size).toBeGreaterThan(1)
    expect(loadsSqlite(main)).toBe(false)
    expect(hasCapture(main)).toBe(false)
    const host = importClosure(join(root, 'out', 'main', 'engine-host.js'))
    expect(loadsSqlite(host)).toBe(true)
    expect(hasCapture(host)).toBe(true)
  })
})

describe('desktop main process (built bundle, fake Electron)', () => {
  let captureUrl = ''
  let pageUrl = ''

  it('opens one hardened window on the built renderer, with the app menu', async () => {
    const win = await app.waitFor((m) => m.type === 'window')
    const options = win['options'] as { webPreferences: Record<string, unknown> }
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
    })
    expect(existsSync(options.webPreferences['preload'] as string)).toBe(true)
    pageUrl = win['url'] as string
    expect(pageUrl).toBe(pathToFileURL(join(root, 'out/renderer/index.html')).href)
    expect(app.messages.some((m) => m.type === 'app.enableSandbox')).toBe(true)
    const menu = await app.waitFor((m) => m.type === 'menu')
    expect(menu['labels']).toEqual(expect.arrayContaining(['File', 'Edit', 'View', 'windowMenu', 'help']))
  })

  it('imports a file the OS opened it with, and says what it imported', async () => {
    const told = await app.waitFor((m) => m.type === 'dialog.message')
    expect(told['options']).toMatchObject({ message: '1 event from 1 call imported.', detail: opened })
    const page = (await app.call('events.list', {})) as { items: { eventName: string }[] }
    expect(page.items.map((i) => i.eventName)).toContain('opened_from_os')
  })

  it('gives its own page a port to the engine, and serves no contract over IPC', async () => {
    const info = (await app.call('app.info')) as {
      port: number
      transport: string
      dataDir: string
      captureUrl: string
    }
    expect(info.transport).toBe('ipc')
    expect(info.port).toBeGreaterThan(0)
    expect(info.dataDir).toBe(dataDir)
    captureUrl = info.captureUrl
    await expect(app.call('events.list', { limit: 'lots' })).rejects.toThrow(/Bad input for events\.list/)
    // Main handles only what it alone can do (the file dialogs): the contract is not on IPC at all.
    const handlers = (await app.request({ type: 'handlers' })).value as string[]
    expect(handlers.length).toBeGreaterThan(0)
    expect(handlers.every((channel) => channel.startsWith('files:'))).toBe(true)
    await expect(app.invoke('api:app.info')).rejects.toThrow(/No handler/)

    // A page that is not the app's gets no port; the app's page, loaded again, gets a new one.
    const first = app.windowPort()
    await app.request({ type: 'load', url: 'https://evil.example/' })
    await new Promise((r) => setTimeout(r, 300))
    expect(app.windowPort()).toBe(first)
    await app.request({ type: 'load', url: pageUrl })
    await app.waitFor(() => app.windowPort() > first)
    expect(((await app.call('app.info')) as { captureUrl: string }).captureUrl).toBe(captureUrl)
  })

  it('captures an SDK call, pushes it to the window and lists it', async () => {
    const res = await post(`${captureUrl}/track`, JSON.stringify([trackEvent('desktop_signup')]), {
      'content-type': 'application/json',
      'x-api-key': 'tsk_desktop_key_123456',
    })
    expect(res.status).toBe(200)
    // The push reaches the window on its port, from the engine's process: main never carries it.
    await app.waitFor(
      (m) => windowPush(m, 'events.added') && JSON.stringify(m['data']).includes('desktop_signup'),
    )
    expect(
      app.messages.some((m) => m.type === 'push' && JSON.stringify(m['args']).includes('desktop_signup')),
    ).toBe(false)
    const page = (await app.call('events.list', {})) as { items: { eventName: string }[] }
    expect(page.items.map((i) => i.eventName)).toContain('desktop_signup')
  })

  it('exports through the save dialog, lists the export, and reveals only what it wrote', async () => {
    const target = join(downloads, 'chosen-name')
    app.answers['dialog.save'] = () => ({ canceled: false, filePath: target })
    const result = (await app.invoke('files:exportToFile', {
      scope: { kind: 'filter', query: {} },
      format: 'ndjson',
      exportId: 'abc123',
    })) as { path: string; events: number }
    const asked = app.messages.find((m) => m.type === 'dialog.save')?.['options'] as {
      defaultPath: string
      filters: { extensions: string[] }[]
    }
    expect(asked.defaultPath.startsWith(downloads)).toBe(true)
    expect(asked.defaultPath).toMatch(/track-export-.+-filter-abc123\.ndjson$/)
    expect(asked.filters[0]?.extensions).toEqual(['ndjson'])
    expect(result.path).toBe(`${target}.ndjson`)
    expect(result.events).toBe(2) // the opened file's event and the SDK call
    expect(readFileSync(result.path, 'utf8')).toContain('desktop_signup')
    expect(readFileSync(result.path, 'utf8')).not.toContain('tsk_desktop_key_123456')

    const recent = (await app.invoke('files:recentExports')) as { path: string }[]
    expect(recent.map((r) => r.path)).toEqual([result.path])
    await app.invoke('files:showInFolder', { path: result.path })
    expect(await app.waitFor((m) => m.type === 'shell.showItemInFolder')).toMatchObject({ path: result.path })
    await expect(app.invoke('files:showInFolder', { path: '/etc/passwd' })).rejects.toThrow(
      /Only an export listed/,
    )

    app.answers['dialog.save'] = () => ({ canceled: true })
    expect(
      await app.invoke('files:exportToFile', {
        scope: { kind: 'filter', query: {} },
        format: 'csv',
        exportId: 'x',
      }),
    ).toBeNull()
  })

  it('imports through the open dialog, streamed from disk', async () => {
    const exported = join(downloads, 'chosen-name.ndjson')
    app.answers['dialog.open'] = () => ({ canceled: false, filePaths: [exported] })
    const result = (await app.invoke('files:importFromFile')) as { events: number; fileName: string }
    expect(result).toMatchObject({ events: 2, fileName: 'chosen-name.ndjson' })
    await expect(
      app.invoke('files:importFromFile', undefined, { frameUrl: 'https://evil.example/' }),
    ).rejects.toThrow(/refused/)
  })

  it('keeps the window on the app: navigation and window.open are refused, links go to the browser', async () => {
    const nav = await app.request({ type: 'navigate', url: 'https://example.com/docs', isMainFrame: true })
    expect(nav.value).toEqual({ prevented: true })
    expect(await app.waitFor((m) => m.type === 'shell.openExternal')).toMatchObject({
      url: 'https://example.com/docs',
    })
    const opened = await app.request({ type: 'window-open', url: 'https://example.com/popup' })
    expect(opened.value).toEqual({ action: 'deny' })
    const headers = (await app.request({ type: 'headers', url: pageUrl })).value as {
      responseHeaders: Record<string, string[]>
    }
    expect(headers.responseHeaders['Content-Security-Policy']?.[0]).toContain("script-src 'self'")
    expect(
      (await app.request({ type: 'permission', permission: 'clipboard-sanitized-write', url: pageUrl }))
        .value,
    ).toBe(true)
    expect((await app.request({ type: 'permission', permission: 'camera', url: pageUrl })).value).toBe(false)
  })

  it('stores credentials with the keychain, never in clear', async () => {
    const envs = (await app.call('environments.list')) as { id: string }[]
    await app.call('environments.setCredentials', {
      id: envs[0]!.id,
      apiKey: 'tsk_live_DESKTOP_777777',
    })
    const file = readFileSync(join(dataDir, 'credentials.json'), 'utf8')
    expect(file).toContain('electron-safe-storage')
    expect(file).not.toContain('tsk_live_DESKTOP_777777')
  })

  it('runs the engine in a utility process, and restarts it with its log when it dies', async () => {
    const forked = await app.waitFor((m) => m.type === 'utility.fork')
    expect(forked['modulePath']).toBe(join(root, 'out', 'main', 'engine-host.js'))
    expect(forked['serviceName']).toBe('Track Debugger engine')
    // The capture port answers from the engine's process, not from main's.
    expect(forked['pid']).not.toBe(app.child.pid)

    process.kill(forked['pid'] as number, 'SIGKILL')
    const status = (m: Message, state: string) =>
      m.type === 'push' &&
      (m['args'] as unknown[])[0] === 'engine.status' &&
      ((m['args'] as unknown[])[1] as { state: string }).state === state
    const restarting = await app.waitFor((m) => status(m, 'restarting'))
    expect(((restarting['args'] as unknown[])[1] as { message: string }).message).toMatch(
      /ended unexpectedly.*restarting it/,
    )
    const portBefore = app.windowPort()
    await app.waitFor((m) => status(m, 'running'))
    // The window's port died with the process; it is given a new one to the new engine.
    await app.waitFor(() => app.windowPort() > portBefore)
    const again = app.messages.filter((m) => m.type === 'utility.fork')
    expect(again).toHaveLength(2)
    // Same log: what was captured before the crash is listed by the new engine.
    const page = (await app.call('events.list', {})) as { items: { eventName: string }[] }
    expect(page.items.map((i) => i.eventName)).toContain('desktop_signup')
    const info = (await app.call('app.info')) as { captureUrl: string }
    captureUrl = info.captureUrl
    expect((await post(`${captureUrl}/track`, JSON.stringify([trackEvent('after_restart')]))).status).toBe(
      200,
    )
  })

  it('quits cleanly: handlers removed first, the engine drained, the capture port closed', async () => {
    await app.request({ type: 'quit' })
    const quit = await app.waitFor((m) => m.type === 'app.quit')
    expect(quit['handlersLeft']).toBe(0)
    expect(await app.exited).toBe(0)
    const port = Number(new URL(captureUrl).port)
    const refused = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1')
      socket.once('connect', () => (socket.destroy(), resolve(false)))
      socket.once('error', () => resolve(true))
    })
    expect(refused).toBe(true)
  })
})
