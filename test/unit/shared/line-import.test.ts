import { describe, expect, it } from 'vitest'
import type { ImportResult } from '../../../src/shared/contract/transfer'
import { importLineByLine, LINE_BATCH_CHARS, splitLines } from '../../../src/shared/line-import'

async function* chunks(...parts: string[]): AsyncGenerator<string> {
  for (const p of parts) yield p
}
const all = async (lines: AsyncIterable<string>): Promise<string[]> => {
  const out: string[] = []
  for await (const l of lines) out.push(l)
  return out
}

describe('splitLines', () => {
  it('splits across chunk edges, drops the \\r of \\r\\n, and keeps a last line with no break', async () => {
    expect(await all(splitLines(chunks('a\r', '\nb', 'c\n\n', 'd')))).toEqual(['a', 'bc', '', 'd'])
    expect(await all(splitLines(chunks('', 'x\n')))).toEqual(['x'])
  })
})

const result: ImportResult = {
  format: 'ndjson',
  requests: 1,
  events: 1,
  invalid: 0,
  skipped: [],
  firstEventId: 1,
  lastEventId: 1,
}

describe('importLineByLine', () => {
  it('sends bounded batches in order, one at a time, and adds the lines it left out to the result', async () => {
    const sent: string[][] = []
    let busy = 0
    let overlapped = false
    const big = 'x'.repeat(LINE_BATCH_CHARS / 2 + 1)
    const out = await importLineByLine(
      {
        open: async () => ({ importId: 'i1', idleTimeoutMs: 60_000 }),
        lines: async ({ lines }) => {
          if (busy++ > 0) overlapped = true
          await new Promise((r) => setTimeout(r, 5))
          busy--
          sent.push(lines)
        },
        close: async () => result,
      },
      'x.ndjson',
      splitLines(chunks(big, '\n', big, '\n', 'y'.repeat(LINE_BATCH_CHARS + 1), '\n', 'short\n')),
      LINE_BATCH_CHARS,
    )
    expect(sent.map((b) => b.map((l) => l.length))).toEqual([[big.length, big.length], [5]])
    expect(overlapped).toBe(false)
    expect(out.skipped).toEqual([{ reason: 'lines longer than 1 MB', count: 1 }])
  })

  it('closes the import and passes the first error on when a batch is refused', async () => {
    const closed: string[] = []
    await expect(
      importLineByLine(
        {
          open: async () => ({ importId: 'i2', idleTimeoutMs: 60_000 }),
          lines: async () => Promise.reject(new Error('no open import i2')),
          close: async ({ importId }) => (closed.push(importId), Promise.reject(new Error('also gone'))),
        },
        'x.ndjson',
        chunks('{"a":1}\n'),
        Number.POSITIVE_INFINITY,
      ),
    ).rejects.toThrow('no open import i2')
    expect(closed).toEqual(['i2'])
  })
})
