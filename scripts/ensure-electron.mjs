// Runs before `npm start` and `npm run dev`: makes sure the Electron runtime
// those commands launch is on disk, downloading it on first use.
//
// The `electron` package has no install step of its own, so after `npm ci`
// its binary is missing. Left alone, electron-vite would fail with a bare
// "Electron uninstall", and `require('electron')` would start a download
// with no timeout. Here the download is done with the package's own
// downloader (@electron/get, the one its install.js uses), so
// ELECTRON_MIRROR, electron_config_cache, ELECTRON_GET_USE_PROXY/HTTPS_PROXY
// and its checksums all apply, with progress shown, a stall timeout, and a
// plain message with the ways out when it fails. The package's install.js
// then extracts the cached zip, exactly as it would have.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'

const require = createRequire(import.meta.url)
/** Seconds without a byte (or without a first answer) before the download is given up. */
const STALL_SECONDS = Number(process.env['TRACK_DEBUGGER_ELECTRON_STALL_SECONDS'] ?? 30)

function fail(lines) {
  console.error(lines.join('\n'))
  process.exit(1)
}

let electronDir
try {
  electronDir = dirname(require.resolve('electron/package.json'))
} catch {
  fail(['Track Debugger cannot start: the electron package is not installed. Run `npm ci` first.'])
}
const { version } = require(join(electronDir, 'package.json'))
const platform = process.env.ELECTRON_INSTALL_PLATFORM || process.env.npm_config_platform || process.platform
const arch = process.env.ELECTRON_INSTALL_ARCH || process.env.npm_config_arch || process.arch
const binaryName =
  {
    darwin: 'Electron.app/Contents/MacOS/Electron',
    mas: 'Electron.app/Contents/MacOS/Electron',
    win32: 'electron.exe',
  }[platform] ?? 'electron'

/** Same test as electron's install.js: the dist folder holds this version, for this platform. */
function installed() {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH
  if (override) return existsSync(join(override, binaryName))
  try {
    const distVersion = readFileSync(join(electronDir, 'dist', 'version'), 'utf8')
      .replace(/^v/, '')
      .trim()
    const pathTxt = readFileSync(join(electronDir, 'path.txt'), 'utf8')
    return (
      distVersion === version && pathTxt === binaryName && existsSync(join(electronDir, 'dist', binaryName))
    )
  } catch {
    return false
  }
}

if (installed()) process.exit(0)
if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
  fail([
    `Track Debugger cannot start: ELECTRON_OVERRIDE_DIST_PATH is set to ${process.env.ELECTRON_OVERRIDE_DIST_PATH},`,
    `but there is no ${binaryName} in it. Point it at an unpacked Electron ${version}, or unset it to download one.`,
  ])
}

// @electron/get is ESM and exports only its index; its URL and cache helpers are read from its own files
// so the message below names exactly the address and cache path it uses.
const getRequire = createRequire(join(electronDir, 'package.json'))
// resolve() of the bare name gives dist/index.js (its only export); the package folder is two levels up.
const getDir = dirname(dirname(getRequire.resolve('@electron/get')))
const load = (file) => import(pathToFileURL(join(getDir, 'dist', file)).href)
const [{ downloadArtifact, initializeProxy }, { getArtifactRemoteURL, getArtifactFileName }, { Cache }] =
  await Promise.all([load('index.js'), load('artifact-utils.js'), load('Cache.js')])

const details = { version: `v${version}`, artifactName: 'electron', platform, arch }
const url = await getArtifactRemoteURL(details)
const fileName = getArtifactFileName(details)
const cacheRoot = process.env.electron_config_cache || undefined
const cachePath = new Cache(cacheRoot).getCachePath(url, fileName)
if (!process.env.ELECTRON_GET_USE_PROXY && (process.env.HTTPS_PROXY || process.env.https_proxy))
  initializeProxy()

const tty = process.stderr.isTTY
const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`
let lastShown = -1
function showProgress({ transferred, total }) {
  const percent = total ? Math.floor((transferred / total) * 100) : null
  const line = `Downloading Electron ${version} (${platform}-${arch}): ${percent === null ? mb(transferred) : `${percent}% of ${mb(total)}`}`
  if (tty) process.stderr.write(`\r${line}`)
  else if (percent !== null && percent >= lastShown + 10) {
    lastShown = percent - (percent % 10)
    console.error(line)
  }
}

const stall = new AbortController()
let stallTimer
const armStallTimer = () => {
  clearTimeout(stallTimer)
  stallTimer = setTimeout(() => stall.abort(new Error('stalled')), STALL_SECONDS * 1000)
}

console.error(
  `Electron ${version} is not installed yet; downloading it once (about 100 MB) from ${new URL(url).host}…`,
)
armStallTimer()
try {
  await downloadArtifact({
    ...details,
    cacheRoot,
    checksums: require(join(electronDir, 'checksums.json')),
    downloadOptions: {
      quiet: true,
      signal: stall.signal,
      getProgressCallback: async (progress) => {
        armStallTimer()
        showProgress(progress)
      },
    },
  })
} catch (error) {
  clearTimeout(stallTimer)
  if (tty) process.stderr.write('\n')
  fail(explain(error))
}
clearTimeout(stallTimer)
if (tty) process.stderr.write('\n')

// The zip is in the cache now: the package's own installer finds it there and extracts it.
const extract = spawnSync(process.execPath, [join(electronDir, 'install.js')], { stdio: 'inherit' })
if (extract.status !== 0 || !installed()) {
  fail([
    `Track Debugger cannot start: Electron ${version} was downloaded to ${cachePath},`,
    `but unpacking it into ${join(electronDir, 'dist')} failed (see above). Delete node_modules/electron/dist and try again.`,
  ])
}
console.error(`Electron ${version} is installed.`)

function reasonOf(error) {
  if (stall.signal.aborted) return `no data from ${new URL(url).host} for ${STALL_SECONDS} s`
  const cause = error?.cause ?? error
  const code = cause?.code
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return `cannot resolve ${new URL(url).hostname} (offline, or DNS is blocked)`
  if (code === 'ECONNREFUSED') return `the connection to ${new URL(url).host} was refused`
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET')
    return `the connection to ${new URL(url).host} was cut`
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT')
    return `connecting to ${new URL(url).host} timed out`
  if (typeof code === 'string' && /CERT|SSL|TLS/.test(code))
    return `TLS failed (${code}); a proxy that inspects TLS needs NODE_EXTRA_CA_CERTS`
  if (error?.name === 'HTTPError') return String(error.message)
  if (/checksum/i.test(String(error?.message)))
    return 'the file that arrived does not match Electron’s published checksum'
  return String(cause?.message ?? error?.message ?? error)
}

function explain(error) {
  return [
    '',
    `Track Debugger cannot start: the Electron runtime it runs in (Electron ${version}, ${platform}-${arch}) is not installed, and downloading it failed.`,
    `  What failed: ${reasonOf(error)}`,
    `  From:        ${url}`,
    '',
    'Three ways out:',
    '  1. Network: connect to the internet and run `npm start` again. Behind a proxy, set HTTPS_PROXY',
    '     (and NO_PROXY if needed) before running it.',
    '  2. Mirror: set ELECTRON_MIRROR to a mirror of Electron releases (an artifact server your company',
    '     runs, for example; the file is <mirror>v<version>/<file>), then run `npm start` again.',
    `  3. Pre-downloaded zip: put ${fileName} (from a machine with access) at`,
    `       ${cachePath}`,
    '     then run `npm start` again. electron_config_cache chooses another cache folder.',
    '',
    'The same app also runs without Electron, in your browser: npm run serve',
  ]
}
