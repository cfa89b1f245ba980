/**
 * One instance per data folder: a second engine on the same folder stops
 * at start and names the first (pid, where it captures); the folder is free
 * again as soon as the first closes, or dies (an OS lock, nothing stale).
 */
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DataFolderInUseError } from '../../src/main/engine/db/instance-lock'
import { cleanup, post, startEngine, tempDir, trackEvent, type TestEngine } from '../helpers/engine'
import { spawnEngine } from '../helpers/engine-child'

const root = join(import.meta.dirname, '..', '..')
const engines: TestEngine[] = []
const dirs: string[] = []
afterEach(async () => {
  for (const t of engines.splice(0)) await t.stop()
  for (const d of dirs.splice(0)) cleanup(d)
})

function folder(): string {
  const d = tempDir('td-lock-')
  dirs.push(d)
  return d
}

describe('data folder lock', () => {
  it('refuses a second engine on the same folder, naming the first, and frees the folder on close', async () => {
    const dir = folder()
    const first = await startEngine(dir)
    engines.push(first)
    const second = startEngine(dir)
    await expect(second).rejects.toThrow(DataFolderInUseError)
    await expect(second).rejects.toThrow(
      new RegExp(`\\(headless, pid ${process.pid}, capturing at ${first.captureUrl.replace(/[.]/g, '\\.')}`),
    )
    // The first keeps answering and recording: nothing of the second touched it.
    expect((await post(`${first.captureUrl}/track`, JSON.stringify([trackEvent('still_mine')]))).status).toBe(
      200,
    )
    await first.stop()
    engines.splice(0)
    const third = await startEngine(dir)
    engines.push(third)
    expect((await third.engine.call('events.list', {})).items.map((r) => r.eventName)).toContain('still_mine')
  })

  it('is released when the holder is killed, with no stale lock left behind', async () => {
    const dir = folder()
    const child = await spawnEngine(dir)
    await expect(startEngine(dir)).rejects.toThrow(/pid \d+/)
    child.process.kill('SIGKILL')
    await child.exited
    const after = await startEngine(dir)
    engines.push(after)
  })

  it('the headless CLI says who holds the folder and exits 1', async () => {
    const dir = folder()
    const holder = await startEngine(dir)
    engines.push(holder)
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
    const code = await new Promise<number | null>((resolve) => cli.on('exit', resolve))
    expect(code).toBe(1)
    expect(out).toMatch(/is already using the data folder/)
    expect(out).toContain(holder.captureUrl)
    expect(out).not.toMatch(/^\s+at /m)
  })
})
