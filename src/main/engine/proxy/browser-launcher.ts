/**
 * A pre-configured browser: Chrome, Chromium, Edge or Brave found on the
 * machine (or Playwright's Chromium), started with a fresh temporary
 * profile, the capture proxy as its proxy, and the local CA's public key on
 * its SPKI allow-list. Pages in it are captured with no change to them and
 * no change to the machine: the user's own profile, trust store and proxy
 * settings are never touched, and the profile is deleted when the browser
 * exits.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { homedir, platform, tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import type { BrowserCandidate } from '../../../shared/contract/proxy'

interface Known {
  id: string
  name: string
  linux: string[]
  darwin: string[]
  win32: string[]
}

const PF = process.env['PROGRAMFILES'] ?? 'C:\\Program Files'
const PF86 = process.env['PROGRAMFILES(X86)'] ?? 'C:\\Program Files (x86)'
const LOCAL = process.env['LOCALAPPDATA'] ?? join(homedir(), 'AppData', 'Local')

const KNOWN: Known[] = [
  {
    id: 'chrome',
    name: 'Google Chrome',
    linux: ['google-chrome', 'google-chrome-stable'],
    darwin: ['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'],
    win32: [
      `${PF}\\Google\\Chrome\\Application\\chrome.exe`,
      `${PF86}\\Google\\Chrome\\Application\\chrome.exe`,
      `${LOCAL}\\Google\\Chrome\\Application\\chrome.exe`,
    ],
  },
  {
    id: 'chromium',
    name: 'Chromium',
    linux: ['chromium', 'chromium-browser'],
    darwin: ['/Applications/Chromium.app/Contents/MacOS/Chromium'],
    win32: [`${LOCAL}\\Chromium\\Application\\chrome.exe`],
  },
  {
    id: 'edge',
    name: 'Microsoft Edge',
    linux: ['microsoft-edge', 'microsoft-edge-stable'],
    darwin: ['/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge'],
    win32: [
      `${PF86}\\Microsoft\\Edge\\Application\\msedge.exe`,
      `${PF}\\Microsoft\\Edge\\Application\\msedge.exe`,
    ],
  },
  {
    id: 'brave',
    name: 'Brave',
    linux: ['brave-browser', 'brave'],
    darwin: ['/Applications/Brave Browser.app/Contents/MacOS/Brave Browser'],
    win32: [`${PF}\\BraveSoftware\\Brave-Browser\\Application\\brave.exe`],
  },
]

function onPath(name: string, env: NodeJS.ProcessEnv): string | null {
  if (name.includes('/') || name.includes('\\')) return existsSync(name) ? name : null
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (!dir) continue
    const candidate = join(dir, name)
    if (existsSync(candidate)) return candidate
  }
  return null
}

/** Playwright's own Chromium, when `npx playwright install chromium` put one in its cache. */
function playwrightChromium(os: NodeJS.Platform): string | null {
  const cache =
    process.env['PLAYWRIGHT_BROWSERS_PATH'] ??
    (os === 'darwin'
      ? join(homedir(), 'Library', 'Caches', 'ms-playwright')
      : os === 'win32'
        ? join(LOCAL, 'ms-playwright')
        : join(homedir(), '.cache', 'ms-playwright'))
  let dirs: string[]
  try {
    dirs = readdirSync(cache).filter((d) => /^chromium-\d+$/.test(d))
  } catch {
    return null
  }
  for (const d of dirs.sort().reverse()) {
    const path =
      os === 'darwin'
        ? join(cache, d, 'chrome-mac', 'Chromium.app', 'Contents', 'MacOS', 'Chromium')
        : os === 'win32'
          ? join(cache, d, 'chrome-win', 'chrome.exe')
          : join(cache, d, 'chrome-linux', 'chrome')
    if (existsSync(path)) return path
  }
  return null
}

/** Every browser this can start, found or not (and where it was looked for). */
export function findBrowsers(
  env: NodeJS.ProcessEnv = process.env,
  os: NodeJS.Platform = platform(),
): BrowserCandidate[] {
  const key = os === 'darwin' ? 'darwin' : os === 'win32' ? 'win32' : 'linux'
  const found: BrowserCandidate[] = KNOWN.map((k) => {
    const names = k[key]
    const path = names.map((n) => onPath(n, env)).find((p) => p !== null) ?? null
    return {
      id: k.id,
      name: k.name,
      path,
      missing: path ? null : `not found (looked for ${names.join(', ')}${key === 'linux' ? ' on PATH' : ''})`,
    }
  })
  const pw = playwrightChromium(os)
  found.push({
    id: 'playwright',
    name: "Playwright's Chromium",
    path: pw,
    missing: pw ? null : 'not installed (npx playwright install chromium)',
  })
  return found
}

/**
 * The browser to start: the one named by id, or the first found. Returns its executable,
 * or the reason none can be started, in words.
 */
export function pickBrowser(
  all: readonly BrowserCandidate[],
  id: string | undefined,
): { name: string; path: string } | { problem: string } {
  const pick = id ? all.find((b) => b.id === id) : all.find((b) => b.path !== null)
  if (!pick)
    return {
      problem: id
        ? `There is no browser "${id}" (known: ${all.map((b) => b.id).join(', ')}).`
        : `No Chrome, Chromium, Edge or Brave was found: ${all.map((b) => `${b.name} ${b.missing}`).join('; ')}.`,
    }
  return pick.path ? { name: pick.name, path: pick.path } : { problem: `${pick.name} is ${pick.missing}.` }
}

export interface LaunchOptions {
  executable: string
  url: string
  /** http://127.0.0.1:8789 */
  proxyUrl: string
  /** base64 SHA-256 of the CA's public key. */
  spkiHash: string
  /** For CI and tests: no window. */
  headless?: boolean
}

export interface LaunchedBrowser {
  pid: number
  profileDir: string
  child: ChildProcess
  /** Resolves when the browser has exited and its profile is gone. */
  exited: Promise<void>
  /** Ends the browser and its helper processes. */
  close(): void
}

export function browserArgs(opts: LaunchOptions, profileDir: string): string[] {
  const proxy = new URL(opts.proxyUrl)
  return [
    `--user-data-dir=${profileDir}`,
    `--proxy-server=http://${proxy.host}`,
    `--ignore-certificate-errors-spki-list=${opts.spkiHash}`,
    // Without it Chromium shows a warning bar for the flag above.
    '--test-type',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-quic',
    ...(opts.headless ? ['--headless', '--disable-gpu'] : []),
    // Chromium will not start as root without it (containers, CI).
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    opts.url,
  ]
}

export function launchBrowser(opts: LaunchOptions): LaunchedBrowser {
  const profileDir = mkdtempSync(join(tmpdir(), 'track-debugger-browser-'))
  const posix = platform() !== 'win32'
  // Its own process group, so closing it ends its helper processes too (they write to the profile).
  const child = spawn(opts.executable, browserArgs(opts, profileDir), { stdio: 'ignore', detached: posix })
  const exited = new Promise<void>((resolve) => {
    const done = (): void => void removeProfile(profileDir).then(resolve)
    child.once('exit', done)
    child.once('error', done)
  })
  const close = (): void => {
    try {
      if (posix && child.pid) process.kill(-child.pid, 'SIGTERM')
      else child.kill()
    } catch {
      // Already gone.
    }
  }
  return { pid: child.pid ?? 0, profileDir, child, exited, close }
}

/** Helpers can outlive the browser's main process by a moment and write one more file: remove until it stays gone. */
async function removeProfile(dir: string): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 })
    } catch {
      // A file appeared while it was being removed: the next attempt takes it.
    }
    await delay(100)
    if (!existsSync(dir)) return
  }
}
