/**
 * Where the renderer is loaded from, and so what counts as "our" page.
 *
 * Three guards hang off this one answer: the IPC boundary serves only frames
 * showing an app URL, the CSP header is stamped only on app responses, and
 * the only permission ever granted goes only to app pages. Keeping it a pure
 * module (no Electron import) lets unit tests pin it down.
 *
 * Threat model: the dev-server URL comes from an environment variable, so a
 * packaged build ignores it; otherwise anyone who can set the environment
 * could point the privileged window (and its IPC bridge) at a remote page.
 */
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

/** What the window should load. */
export type AppEntry = { kind: 'url'; url: string } | { kind: 'file'; path: string }

export interface AppOrigin {
  readonly entry: AppEntry
  /** True when `url` is served from where the app's own files come from (the CSP goes on these). */
  isAppUrl(url: string): boolean
  /**
   * True only for the app's own page (its index.html, any query or fragment):
   * the one document the IPC boundary serves and permissions are granted to.
   */
  isAppPage(url: string): boolean
  /** The Content-Security-Policy sent with the app's responses. */
  readonly csp: string
}

export interface AppOriginOptions {
  /** `ELECTRON_RENDERER_URL`, set by `electron-vite dev`. */
  devServerUrl: string | undefined
  /** Folder holding the built renderer (`out/renderer`). */
  rendererDir: string
  /** `app.isPackaged`: a shipped app never loads a dev server. */
  packaged: boolean
}

const STRICT_CSP: Record<string, string[]> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
}

function serialiseCsp(policy: Record<string, string[]>): string {
  return Object.entries(policy)
    .map(([directive, sources]) => `${directive} ${sources.join(' ')}`)
    .join('; ')
}

/** The production policy: no inline script, no remote anything. */
export const PRODUCTION_CSP = serialiseCsp(STRICT_CSP)

/**
 * Dev only: Vite's React Fast Refresh injects an inline module script, and
 * HMR talks over a WebSocket to the dev server. Everything else stays strict.
 */
function devCsp(devOrigin: URL): string {
  const socket = `${devOrigin.protocol === 'https:' ? 'wss:' : 'ws:'}//${devOrigin.host}`
  return serialiseCsp({
    ...STRICT_CSP,
    'script-src': ["'self'", "'unsafe-inline'"],
    'connect-src': ["'self'", socket],
  })
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url)
  } catch {
    return null
  }
}

export function resolveAppOrigin({ devServerUrl, rendererDir, packaged }: AppOriginOptions): AppOrigin {
  const dev = !packaged && devServerUrl ? parseUrl(devServerUrl) : null
  if (dev && (dev.protocol === 'http:' || dev.protocol === 'https:')) {
    const origin = dev.origin
    const isAppUrl = (url: string): boolean => parseUrl(url)?.origin === origin
    return {
      entry: { kind: 'url', url: dev.href },
      isAppUrl,
      // The dev server serves one page; its other URLs are modules, not documents.
      isAppPage: (url) => {
        const parsed = parseUrl(url)
        return (
          parsed?.origin === origin && (parsed.pathname === dev.pathname || parsed.pathname === '/index.html')
        )
      },
      csp: devCsp(dev),
    }
  }

  // file: URLs have an opaque origin, so "ours" means "inside the renderer
  // folder". The URL parser resolves `..` (and `%2e%2e`) before the prefix
  // check, so a path cannot climb out of the folder.
  const folder = pathToFileURL(rendererDir).href.replace(/\/?$/, '/')
  const page = pathToFileURL(join(rendererDir, 'index.html')).href
  /** The URL without query and fragment, parsed (so `..` and `%2e%2e` are resolved), or null. */
  const fileHref = (url: string): string | null => {
    const parsed = parseUrl(url)
    if (parsed?.protocol !== 'file:' || parsed.host !== '') return null
    parsed.search = ''
    parsed.hash = ''
    return parsed.href
  }
  return {
    entry: { kind: 'file', path: join(rendererDir, 'index.html') },
    isAppUrl: (url) => fileHref(url)?.startsWith(folder) ?? false,
    isAppPage: (url) => fileHref(url) === page,
    csp: PRODUCTION_CSP,
  }
}
