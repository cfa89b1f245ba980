/**
 * A damaged event log is refused at start, untouched, with a message that
 * says what SQLite found and how to copy out what can be read; the CLI
 * exits 1 with it. Real SQLite files, damaged on disk.
 */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { openSync, readFileSync, writeSync, closeSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DamagedLogError } from '../../src/main/engine/db/database'
import { DB_FILE_NAME } from '../../src/main/engine/paths'
import { cleanup, post, startEngine, tempDir, trackEvent } from '../helpers/engine'

const root = join(import.meta.dirname, '..', '..')
const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) cleanup(d)
})

/** A real log with some rows, closed cleanly, then with pages in its middle overwritten. */
async function damagedLog(): Promise<{ dir: string; db: string; digest: string }> {
  const dir = tempDir('td-damaged-')
  dirs.push(dir)
  const t = await startEngine(dir)
  for (let i = 0; i < 40; i++)
    await post(
      `${t.captureUrl}/track`,
      JSON.stringify(Array.from({ length: 20 }, (_, j) => trackEvent(`e_${i}_${j}`))),
    )
  await t.stop()
  const db = join(dir, DB_FILE_NAME)
  const size = statSync(db).size
  const fd = openSync(db, 'r+')
  // Pages well past the header and schema: b-tree pages of the event tables.
  for (let page = 4; page * 4096 < size - 4096; page += 3)
    writeSync(fd, Buffer.alloc(512, 0xa5), 0, 512, page * 4096 + 100)
  closeSync(fd)
  return { dir, db, digest: createHash('sha256').update(readFileSync(db)).digest('hex') }
}

describe('a damaged log', () => {
  it('is refused at start, left byte for byte as it was', async () => {
    const { dir, db, digest } = await damagedLog()
    const attempt = startEngine(dir)
    await expect(attempt).rejects.toThrow(DamagedLogError)
    await expect(attempt).rejects.toThrow(/is damaged \(SQLite found: .+\)\. Nothing was written to it/)
    await expect(attempt).rejects.toThrow(/\.recover/)
    expect(createHash('sha256').update(readFileSync(db)).digest('hex')).toBe(digest)
  })

  it('that is not a database at all is refused the same way', async () => {
    const dir = tempDir('td-damaged-')
    dirs.push(dir)
    writeFileSync(join(dir, DB_FILE_NAME), Buffer.alloc(8192, 0x42))
    await expect(startEngine(dir)).rejects.toThrow(/is damaged \(SQLite found: file is not a database\)/)
  })

  it('stops the headless CLI with exit code 1 and the message', async () => {
    const { dir } = await damagedLog()
    const cli = spawn(
      process.execPath,
      [
        join(root, 'bin/track-debugger.js'),
        'serve',
        '--capture-port',
        '0',
        '--ui-port',
        '0',
        '--proxy-port',
        '0',
        '--data-dir',
        dir,
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let out = ''
    cli.stdout.on('data', (c: Buffer) => (out += c.toString()))
    cli.stderr.on('data', (c: Buffer) => (out += c.toString()))
    expect(await new Promise((resolve) => cli.on('exit', resolve))).toBe(1)
    expect(out).toMatch(/is damaged/)
    expect(out).not.toMatch(/^\s+at /m)
  })
})
