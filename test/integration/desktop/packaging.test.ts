/**
 * The installable app's layout, built for real by electron-builder from
 * electron-builder.yml (`--dir`: the unpacked app every installer wraps).
 * Electron itself cannot be downloaded on every machine, so electronDist
 * points at a stand-in folder: this checks the app's own layout, not Electron.
 *
 * Needs `electron-vite build` output (npm test builds before it runs vitest).
 */
import { execFile } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { listPackage, statFile } from '@electron/asar'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cleanup, tempDir } from '../../helpers/temp-dir'

const root = join(import.meta.dirname, '..', '..', '..')
const run = promisify(execFile)
const electronVersion = (
  JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }
).version

let work = ''
let resources = ''

beforeAll(async () => {
  expect(existsSync(join(root, 'out/main/index.js')), 'run `electron-vite build` first').toBe(true)
  work = tempDir('td-pack-')
  const standIn = join(work, 'electron-stand-in')
  mkdirSync(join(standIn, 'resources'), { recursive: true })
  writeFileSync(join(standIn, 'electron'), '#!/bin/sh\necho "stand-in for the Electron binary"\n')
  chmodSync(join(standIn, 'electron'), 0o755)
  writeFileSync(join(standIn, 'version'), electronVersion)
  writeFileSync(join(standIn, 'LICENSE'), 'stand-in')
  const out = join(work, 'dist')
  await run(
    process.execPath,
    [
      join(root, 'node_modules/electron-builder/cli.js'),
      '--dir',
      '--linux',
      '--x64',
      `-c.electronDist=${standIn}`,
      `-c.directories.output=${out}`,
    ],
    { cwd: root, env: { ...process.env, CI: 'true' }, maxBuffer: 16 * 1024 * 1024 },
  )
  resources = join(out, 'linux-unpacked', 'resources')
}, 240_000)

afterAll(() => {
  if (work) cleanup(work)
})

/** Every path in the archive, with whether its bytes live outside it (in app.asar.unpacked). */
function archiveEntries(): Map<string, boolean> {
  const asar = join(resources, 'app.asar')
  const entries = new Map<string, boolean>()
  for (const p of listPackage(asar, { isPack: false })) {
    const rel = p.replace(/^[\\/]/, '').replaceAll('\\', '/')
    const stat = statFile(asar, rel) as { unpacked?: boolean; files?: unknown }
    if (!('files' in stat)) entries.set(rel, stat.unpacked === true)
  }
  return entries
}

describe('packaged app (electron-builder --dir)', () => {
  it('keeps the built main, preload and renderer inside app.asar', () => {
    const entries = archiveEntries()
    for (const file of [
      'out/main/index.js',
      // The engine's own process (utilityProcess.fork), loaded from the archive like main.
      'out/main/engine-host.js',
      'out/preload/index.cjs',
      'out/renderer/index.html',
      'package.json',
    ])
      expect(entries.get(file), file).toBe(false)
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string }
    expect(entries.has(pkg.main.replace(/^\.\//, ''))).toBe(true)
  })

  it('unpacks the native module and the worker: nothing native runs from inside the archive', () => {
    const entries = archiveEntries()
    const native = [...entries].filter(([p]) => p.endsWith('.node'))
    expect(native.length).toBeGreaterThan(0)
    for (const [p, unpacked] of native) {
      expect(unpacked, `${p} must be unpacked`).toBe(true)
      expect(existsSync(join(resources, 'app.asar.unpacked', p)), p).toBe(true)
    }
    const worker = 'out/main/checkpoint-worker.mjs'
    expect(entries.get(worker)).toBe(true)
    expect(existsSync(join(resources, 'app.asar.unpacked', worker))).toBe(true)
  })

  it('the unpacked better-sqlite3 loads on its own and opens a database', async () => {
    const unpacked = join(resources, 'app.asar.unpacked', 'node_modules', 'better-sqlite3')
    const { stdout } = await run(process.execPath, [
      '-e',
      `const D = require(${JSON.stringify(unpacked)}); const db = new D(':memory:'); console.log(db.prepare('select sqlite_version() v').get().v)`,
    ])
    expect(stdout.trim()).toMatch(/^3\.\d+\.\d+$/)
  })

  it('ships no source maps, tests or SQLite sources', () => {
    const paths = [...archiveEntries().keys()]
    expect(paths.filter((p) => p.endsWith('.map'))).toEqual([])
    expect(paths.filter((p) => p.startsWith('test/') || p.startsWith('src/'))).toEqual([])
    expect(paths.filter((p) => p.startsWith('node_modules/better-sqlite3/deps/'))).toEqual([])
  })
})
