/**
 * `npm start` on a clone whose Electron binary was never downloaded, with no
 * way to reach it: it must stop within seconds with a plain message (what
 * failed, the three ways out), never hang and never print a stack trace.
 * Each "network" here is a loopback server that fails in one way.
 */
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { deadPort } from '../../helpers/upstream'
import { cleanup, tempDir } from '../../helpers/temp-dir'

const root = join(import.meta.dirname, '..', '..', '..')
const electronDir = join(root, 'node_modules', 'electron')
const electronVersion = (
  JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')) as { version: string }
).version
const binaryPresent = existsSync(join(electronDir, 'path.txt'))

const servers: Server[] = []
const dirs: string[] = []
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections()
    await new Promise((r) => s.close(r))
  }
  for (const d of dirs.splice(0)) cleanup(d)
})

async function listen(handler: (req: unknown, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handler)
  servers.push(server)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
}

function npmStart(env: Record<string, string>): Promise<{ code: number | null; output: string; ms: number }> {
  const cache = tempDir('td-electron-cache-')
  dirs.push(cache)
  const started = Date.now()
  const child = spawn('npm', ['start'], {
    cwd: root,
    env: { ...process.env, electron_config_cache: cache, ELECTRON_GET_NO_PROGRESS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (c: Buffer) => (output += c.toString()))
  child.stderr.on('data', (c: Buffer) => (output += c.toString()))
  const kill = setTimeout(() => child.kill('SIGKILL'), 60_000)
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(kill)
      resolve({ code, output: output.replaceAll(cache, '<cache>'), ms: Date.now() - started })
    }),
  )
}

function expectPlainFailure(r: { code: number | null; output: string; ms: number }, reason: RegExp): void {
  expect(r.code, r.output).not.toBe(0)
  expect(r.ms).toBeLessThan(60_000)
  expect(r.output).toContain(`the Electron runtime it runs in (Electron ${electronVersion}`)
  expect(r.output).toMatch(reason)
  expect(r.output).toContain('Three ways out:')
  expect(r.output).toContain('ELECTRON_MIRROR')
  expect(r.output).toMatch(new RegExp(`<cache>/[0-9a-f]{64}/electron-v${electronVersion}-\\w+-\\w+\\.zip`))
  expect(r.output).toContain('npm run serve')
  // A plain message, not a crash: no stack frames.
  expect(r.output).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m)
}

describe.skipIf(binaryPresent)('npm start without the Electron binary', () => {
  it('fails fast and plainly when the download host refuses the connection', async () => {
    const r = await npmStart({ ELECTRON_MIRROR: `http://127.0.0.1:${await deadPort()}/` })
    expectPlainFailure(r, /What failed: the connection to 127\.0\.0\.1:\d+ was refused/)
    expect(r.ms).toBeLessThan(15_000)
  }, 70_000)

  it('gives up on a host that accepts and never answers, after the stall timeout', async () => {
    const mirror = await listen(() => undefined)
    const r = await npmStart({ ELECTRON_MIRROR: mirror, TRACK_DEBUGGER_ELECTRON_STALL_SECONDS: '2' })
    expectPlainFailure(r, /What failed: no data from 127\.0\.0\.1:\d+ for 2 s/)
    expect(r.ms).toBeLessThan(20_000)
  }, 70_000)

  it('shows progress, then refuses a file that does not match the published checksum', async () => {
    const size = 4 * 1024 * 1024
    const mirror = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/zip', 'content-length': size })
      res.end(Buffer.alloc(size, 7))
    })
    const r = await npmStart({ ELECTRON_MIRROR: mirror })
    expect(r.output).toMatch(/Downloading Electron [\d.]+ \(\w+-\w+\): 100% of 4\.2 MB/)
    expectPlainFailure(r, /What failed: the file that arrived does not match Electron’s published checksum/)
  }, 70_000)
})

it.runIf(binaryPresent)('npm start finds the installed Electron binary (download tests skipped)', () => {
  console.log(
    'start-offline: the Electron binary is installed, so the offline start cannot be exercised here.',
  )
  expect(existsSync(join(electronDir, 'path.txt'))).toBe(true)
})
