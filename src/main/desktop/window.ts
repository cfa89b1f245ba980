/**
 * The app window and the session rules that make it safe to show captured data.
 *
 * Threat model: the renderer displays attacker-controlled payloads (anything
 * can post to the capture endpoint). If one ever became script, it must find
 * no Node, no Electron, no way off the app's own pages and no extra powers:
 * so the renderer is sandboxed and context-isolated, a strict CSP is stamped
 * on every app response, every navigation and `window.open` is refused (web
 * links go to the OS browser through `openExternalSafely`), and every
 * permission is denied but one: clipboard writes by the app's own top frame.
 */
import { join } from 'node:path'
import { BrowserWindow, nativeTheme, shell, type Session } from 'electron'
import type { AppOrigin } from './app-origin'
import { openExternalSafely } from './external-links'

/** Matches the renderer's page background, so the window never flashes the wrong colour before paint. */
const BACKGROUND = { dark: '#16181d', light: '#ffffff' } as const

function themeBackground(): string {
  return nativeTheme.shouldUseDarkColors ? BACKGROUND.dark : BACKGROUND.light
}

/**
 * The only permission ever granted: writing (sanitised) text to the
 * clipboard, which Chromium itself allows only on a user gesture. The UI's
 * "copy" buttons need it; granting it to the app's own top frame only is
 * safer than falling back to the deprecated `execCommand('copy')`.
 */
const GRANTABLE = new Set<string>(['clipboard-sanitized-write'])

/** Session-wide rules; call once, before the first window loads. */
export function hardenSession(ses: Session, origin: AppOrigin): void {
  // The CSP goes in a response header (the renderer's <meta> tag is a second
  // line): headers also cover what meta tags cannot, such as frame-ancestors.
  ses.webRequest.onHeadersReceived((details, callback) => {
    if (!origin.isAppUrl(details.url)) {
      callback({})
      return
    }
    const headers = { ...details.responseHeaders }
    for (const name of Object.keys(headers)) {
      if (name.toLowerCase() === 'content-security-policy') delete headers[name]
    }
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [origin.csp] } })
  })

  const allowed = (permission: string, isMainFrame: boolean, url: string | undefined): boolean =>
    GRANTABLE.has(permission) && isMainFrame && url !== undefined && origin.isAppPage(url)
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(allowed(permission, details.isMainFrame, details.requestingUrl))
  })
  ses.setPermissionCheckHandler((_contents, permission, _origin, details) =>
    allowed(permission, details.isMainFrame, details.requestingUrl),
  )
}

function withoutFragment(url: string): string {
  const hash = url.indexOf('#')
  return hash === -1 ? url : url.slice(0, hash)
}

/** Create the main window and start loading the app into it. */
export function createMainWindow(origin: AppOrigin): BrowserWindow {
  const win = new BrowserWindow({
    title: 'Track Debugger',
    width: 1400,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    backgroundColor: themeBackground(),
    webPreferences: {
      // electron-vite builds the preload as CommonJS: sandboxed preloads cannot be ES modules.
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  })

  const contents = win.webContents
  win.once('ready-to-show', () => win.show())
  // If the page never paints, still show the window so the failure is visible rather than a silent hang.
  contents.on('did-fail-load', (_event, code, description, url, isMainFrame) => {
    if (!isMainFrame) return
    console.error(`[track-debugger] the UI failed to load (${code} ${description}): ${url}`)
    if (!win.isVisible()) win.show()
  })

  contents.setWindowOpenHandler(({ url }) => {
    void openExternalSafely(url, shell)
    return { action: 'deny' }
  })
  // Every frame, not just the top one: an iframe must not wander off either.
  contents.on('will-frame-navigate', (event) => {
    // A reload of the page already shown (Vite's HMR full reload) is not leaving the app.
    const current = contents.getURL()
    if (event.isMainFrame && current !== '' && withoutFragment(event.url) === withoutFragment(current)) return
    event.preventDefault()
    // A link the user followed in the page opens in their browser; a frame's own navigation just stops.
    if (event.isMainFrame) void openExternalSafely(event.url, shell)
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())

  const followTheme = (): void => win.setBackgroundColor(themeBackground())
  nativeTheme.on('updated', followTheme)
  win.once('closed', () => nativeTheme.off('updated', followTheme))

  const loading =
    origin.entry.kind === 'url' ? win.loadURL(origin.entry.url) : win.loadFile(origin.entry.path)
  // Load failures are reported by did-fail-load above; this only stops an unhandled rejection.
  loading.catch(() => undefined)
  return win
}
