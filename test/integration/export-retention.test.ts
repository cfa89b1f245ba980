/** Export files older than a week are deleted when the engine starts; newer ones and other files stay. */
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { EXPORT_MAX_AGE_MS, pruneExports } from '../../src/main/engine/transfer/export-retention'
import { cleanup, startEngine, tempDir, type TestEngine } from '../helpers/engine'

const DAY = 24 * 60 * 60 * 1000
let t: TestEngine | null = null
const dirs: string[] = []

afterEach(async () => {
  await t?.stop()
  t = null
  for (const d of dirs.splice(0)) cleanup(d)
})

function exportFile(dataDir: string, name: string, ageMs: number): string {
  const dir = join(dataDir, 'exports')
  mkdirSync(dir, { recursive: true })
  const path = join(dir, name)
  writeFileSync(path, '{}\n')
  const when = (Date.now() - ageMs) / 1000
  utimesSync(path, when, when)
  return path
}

describe('export retention', () => {
  it('deletes export files older than 7 days at engine start, and keeps the rest', async () => {
    const dataDir = tempDir()
    dirs.push(dataDir)
    const old = exportFile(dataDir, 'track-export-20250101-000000Z-filter-abc123.ndjson', 8 * DAY)
    const oldHar = exportFile(dataDir, 'track-export-20250101-000000Z-session-1-def456.har', 30 * DAY)
    const recent = exportFile(dataDir, 'track-export-20250301-000000Z-selection-0a1b2c.csv', 6 * DAY)
    const notOurs = exportFile(dataDir, 'notes.txt', 90 * DAY)

    t = await startEngine(dataDir)
    expect(existsSync(old)).toBe(false)
    expect(existsSync(oldHar)).toBe(false)
    expect(existsSync(recent)).toBe(true)
    expect(existsSync(notOurs)).toBe(true)
    // A fresh export is kept by the next start.
    const made = await t.engine.call('transfer.export', {
      scope: { kind: 'filter', query: {} },
      format: 'json',
    })
    await t.stop()
    t = await startEngine(dataDir)
    expect(existsSync(made.path)).toBe(true)
  })

  it('counts what it removed, uses the 7-day bound, and is quiet without an exports folder', () => {
    const dataDir = tempDir()
    dirs.push(dataDir)
    expect(pruneExports(dataDir)).toBe(0)
    exportFile(dataDir, 'track-export-a.json', EXPORT_MAX_AGE_MS - 60_000)
    exportFile(dataDir, 'track-export-b.json', EXPORT_MAX_AGE_MS + 60_000)
    expect(pruneExports(dataDir)).toBe(1)
    expect(pruneExports(dataDir, Date.now() + 2 * 60_000)).toBe(1)
    expect(pruneExports(dataDir)).toBe(0)
  })
})
