/**
 * Export straight to a chosen file and import straight from one (what the
 * desktop app's native dialogs drive): real engines, real SQLite files, a
 * real NDJSON file streamed in a line at a time.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, post, startEngine, tempDir, trackEvent, type TestEngine } from '../../helpers/engine'

const engines: TestEngine[] = []
const dirs: string[] = []
afterEach(async () => {
  for (const t of engines.splice(0)) {
    await t.stop()
    cleanup(t.dataDir)
  }
  for (const d of dirs.splice(0)) cleanup(d)
})

async function engine(): Promise<TestEngine> {
  const t = await startEngine()
  engines.push(t)
  return t
}

function folder(): string {
  const d = tempDir('td-files-')
  dirs.push(d)
  return d
}

describe('desktop file transfer', () => {
  it('exports to the chosen path (no partial file left) and imports it back into another log', async () => {
    const a = await engine()
    for (let i = 0; i < 30; i++)
      expect(
        (await post(`${a.captureUrl}/track`, JSON.stringify([trackEvent(`e_${i}`), trackEvent('pair')])))
          .status,
      ).toBe(200)
    const out = folder()
    const target = join(out, 'my export.ndjson')
    const result = await a.engine.exportToFile(
      { scope: { kind: 'filter', query: {} }, format: 'ndjson' },
      target,
    )
    expect(result.path).toBe(target)
    expect(result.events).toBe(60)
    expect(readdirSync(out)).toEqual(['my export.ndjson'])
    expect(readFileSync(target, 'utf8').trim().split('\n')).toHaveLength(60)
    // Nothing went to the data folder's own exports: the user chose where.
    expect(existsSync(join(a.dataDir, 'exports'))).toBe(false)

    const b = await engine()
    const imported = await b.engine.importFromFile(target)
    expect(imported).toMatchObject({ format: 'ndjson', requests: 30, events: 60, invalid: 0, skipped: [] })
    const page = await b.engine.call('events.list', { limit: 100 })
    expect(page.items.filter((r) => r.eventName === 'pair')).toHaveLength(30)
  })

  it('streams a large plain NDJSON file in, batching events as the SDK would, and counts what it skips', async () => {
    const t = await engine()
    const file = join(folder(), 'sdk-log.ndjson')
    const lines: string[] = []
    for (let i = 0; i < 5_000; i++) lines.push(JSON.stringify(trackEvent(`bulk_${i % 7}`, { n: i })))
    lines.splice(10, 0, 'not json at all', '42', '')
    writeFileSync(file, lines.join('\n') + '\n')
    const result = await t.engine.importFromFile(file)
    expect(result.events).toBe(5_000)
    expect(result.requests).toBe(250) // 20 events a call (import-service.ts PLAIN_BATCH)
    expect(result.skipped).toEqual(
      expect.arrayContaining([
        { reason: 'lines that are not JSON', count: 1 },
        { reason: 'values that are not objects', count: 1 },
      ]),
    )
    // The capture port answered throughout; it still does.
    expect((await post(`${t.captureUrl}/track`, JSON.stringify([trackEvent('after_import')]))).status).toBe(
      200,
    )
  })

  it('says plainly what is wrong with a path it cannot import', async () => {
    const t = await engine()
    const dir = folder()
    await expect(t.engine.importFromFile(join(dir, 'missing.ndjson'))).rejects.toThrow(
      /missing\.ndjson cannot be read/,
    )
    await expect(t.engine.importFromFile(dir)).rejects.toThrow(/is not a file/)
    writeFileSync(join(dir, 'empty.har'), '')
    await expect(t.engine.importFromFile(join(dir, 'empty.har'))).rejects.toThrow(/empty\.har is empty/)
    writeFileSync(join(dir, 'broken.har'), '{"log": {')
    await expect(t.engine.importFromFile(join(dir, 'broken.har'))).rejects.toThrow(
      /broken\.har is not valid JSON/,
    )
  })

  it('checks the export scope against the contract before writing anything', async () => {
    const t = await engine()
    const target = join(folder(), 'x.csv')
    await expect(t.engine.exportToFile({ scope: { kind: 'nope' }, format: 'csv' }, target)).rejects.toThrow(
      /Bad input for transfer.export/,
    )
    expect(existsSync(target)).toBe(false)
  })
})
