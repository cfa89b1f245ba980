/**
 * Desktop entry point: one instance per data folder, the engine in its own
 * process (engine-process.ts), one window connected to it by a port of its
 * own (renderer-port.ts), and a shutdown that lets the engine commit the
 * log before the app goes.
 *
 * Everything that decides something lives in the modules it imports; this
 * file only orders them: settings → single-instance lock → engine → session
 * rules and IPC → window.
 */
import { join } from 'node:path'
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  MessageChannelMain,
  session,
  shell,
  utilityProcess,
} from 'electron'
import { ipcPushChannel } from '../../shared/api'
import { PortInUseError } from '../engine/errors'
import type { Engine } from '../engine/types'
import { engineProcess } from './engine-process'
import { resolveAppOrigin, type AppOrigin } from './app-origin'
import {
  importableArgs,
  portInUseMessage,
  PROXY_PORT_ENV,
  readDesktopConfig,
  type DesktopConfig,
} from './env-config'
import { registerFileHandlers } from './file-handlers'
import { buildAppMenu } from './menu'
import { createSecretCipher } from './secret-cipher'
import { createMainWindow, hardenSession } from './window'
import { offerEnginePort } from './renderer-port'

const APP_NAME = 'Track Debugger'
/** A quit must not hang on a stuck close; what was committed is safe in the WAL anyway. */
const CLOSE_TIMEOUT_MS = 10_000

function reportError(title: string, message: string): void {
  console.error(`[track-debugger] ${title}: ${message}`)
  dialog.showErrorBox(title, message)
}

function readConfigOrExit(): DesktopConfig | null {
  try {
    return readDesktopConfig(process.env)
  } catch (error) {
    reportError(`${APP_NAME} could not start`, error instanceof Error ? error.message : String(error))
    app.exit(1)
    return null
  }
}

async function closeWithin(engine: Engine, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      console.error(`[track-debugger] the engine did not close within ${ms} ms; quitting anyway`)
      resolve()
    }, ms)
  })
  try {
    await Promise.race([engine.close(), timeout])
  } catch (error) {
    console.error('[track-debugger] closing the engine failed:', error)
  } finally {
    clearTimeout(timer)
  }
}

function run(config: DesktopConfig): void {
  let mainWindow: BrowserWindow | null = null
  const engine = engineProcess({
    fork: (path, args, options) => utilityProcess.fork(path, args, options),
    options: {
      dataDir: config.dataDir ?? app.getPath('userData'),
      capturePort: config.capturePort,
      proxyPort: config.proxyPort,
      proxyPortHint: `the environment variable ${PROXY_PORT_ENV}`,
      version: app.getVersion(),
      transport: 'ipc',
      // The window hears the engine's pushes on its own port; main has no use for them.
      mainPushes: false,
    },
    // safeStorage is usable only once the app is ready; the engine starts after that, and asks main to encrypt.
    cipher: createSecretCipher(),
    // The window says so (its status bar), gets a port to the new process, and catches up.
    onStatus: (status) => {
      if (status.message !== null) console.error(`[track-debugger] ${status.message}`)
      const contents = mainWindow?.webContents
      if (!contents || contents.isDestroyed()) return
      contents.send(ipcPushChannel, 'engine.status', status)
      if (status.state === 'running') void connectWindow(contents)
    },
  })
  let starting: Promise<void> | null = null
  let origin: AppOrigin | null = null
  const connectWindow = (contents: BrowserWindow['webContents']): Promise<boolean> =>
    offerEnginePort(contents, {
      newChannel: () => new MessageChannelMain(),
      attach: (port) => engine.attachClient(port),
      isAppPage: (url) => origin?.isAppPage(url) ?? false,
    })
  const ownContents = new Set<number>()
  /** Removes every IPC handler; run before the engine closes, so no call reaches a closing engine. */
  const unregister: (() => void)[] = []
  /** Files the OS asked us to open (file associations) before the engine was ready. */
  const pendingOpens: string[] = []

  const importOpened = async (path: string): Promise<void> => {
    try {
      const result = await engine.importFromFile(path)
      const parent = mainWindow ?? undefined
      const message = `${result.events.toLocaleString()} event${result.events === 1 ? '' : 's'} from ${result.requests.toLocaleString()} call${result.requests === 1 ? '' : 's'} imported.`
      if (parent) await dialog.showMessageBox(parent, { type: 'info', message, detail: path })
    } catch (error) {
      reportError(`Could not import ${path}`, error instanceof Error ? error.message : String(error))
    }
  }
  const openFiles = (paths: string[]): void => {
    for (const path of paths) {
      if (shutdown !== 'running') return
      if (origin) void importOpened(path)
      else pendingOpens.push(path)
    }
  }
  // macOS delivers double-clicked files as events; Windows and Linux as arguments.
  app.on('open-file', (event, path) => {
    event.preventDefault()
    openFiles([path])
  })

  const openWindow = (appOrigin: AppOrigin): void => {
    const win = createMainWindow(appOrigin)
    const contentsId = win.webContents.id
    ownContents.add(contentsId)
    // Each load of the app's page (a reload too) gets its own port to the engine.
    win.webContents.on('did-finish-load', () => void connectWindow(win.webContents))
    win.once('closed', () => {
      ownContents.delete(contentsId)
      if (mainWindow === win) mainWindow = null
    })
    mainWindow = win
  }

  // Quit is asynchronous: hold the first before-quit until the engine has
  // answered what is in flight and committed, then quit for real.
  let shutdown: 'running' | 'closing' | 'closed' = 'running'
  app.on('before-quit', (event) => {
    if (shutdown === 'closed') return
    event.preventDefault()
    if (shutdown === 'closing') return
    shutdown = 'closing'
    void (async () => {
      await starting?.catch(() => undefined)
      for (const remove of unregister.splice(0)) remove()
      await closeWithin(engine, CLOSE_TIMEOUT_MS)
      shutdown = 'closed'
      app.quit()
    })()
  })
  openFiles(importableArgs(process.argv))
  // Ctrl-C in the terminal running `electron-vite dev`, or a service manager stopping us.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit())

  app.on('second-instance', (_event, argv) => {
    openFiles(importableArgs(argv))
    if (!mainWindow) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.show()
    mainWindow.focus()
  })
  // macOS apps stay running without windows; Dock activation brings one back.
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('activate', () => {
    if (origin && shutdown === 'running' && BrowserWindow.getAllWindows().length === 0) openWindow(origin)
  })

  void app.whenReady().then(async () => {
    starting = engine.start()
    try {
      await starting
    } catch (error) {
      const message =
        error instanceof PortInUseError
          ? portInUseMessage(error.host, error.port)
          : error instanceof Error
            ? error.message
            : String(error)
      reportError(`${APP_NAME} could not start`, message)
      await closeWithin(engine, CLOSE_TIMEOUT_MS)
      shutdown = 'closed'
      app.exit(1)
      return
    }
    if (shutdown !== 'running') return

    const appOrigin = resolveAppOrigin({
      devServerUrl: process.env['ELECTRON_RENDERER_URL'],
      rendererDir: join(import.meta.dirname, '../renderer'),
      packaged: app.isPackaged,
    })
    hardenSession(session.defaultSession, appOrigin)
    const policy = { isOwnWebContents: (id: number) => ownContents.has(id), isAppPage: appOrigin.isAppPage }
    unregister.push(
      registerFileHandlers(
        ipcMain,
        {
          engine,
          dialogs: {
            showSaveDialog: (options) =>
              mainWindow ? dialog.showSaveDialog(mainWindow, options) : dialog.showSaveDialog(options),
            showOpenDialog: (options) =>
              mainWindow ? dialog.showOpenDialog(mainWindow, options) : dialog.showOpenDialog(options),
          },
          showItemInFolder: (path) => shell.showItemInFolder(path),
          defaultDir: () => app.getPath('downloads'),
          recentFile: join(app.getPath('userData'), 'recent-exports.json'),
        },
        policy,
      ),
    )
    Menu.setApplicationMenu(buildAppMenu(APP_NAME))
    origin = appOrigin
    openWindow(appOrigin)
    openFiles(pendingOpens.splice(0))
  })
}

app.setName(APP_NAME)
// Sandbox every renderer, including any this code forgets to configure.
app.enableSandbox()
const config = readConfigOrExit()
if (config) {
  // The single-instance lock is keyed on userData, so a data-folder override
  // (tests, a second profile) gets its own instance and its own Chromium state.
  if (config.dataDir) app.setPath('userData', config.dataDir)
  if (app.requestSingleInstanceLock()) run(config)
  else app.quit()
}
