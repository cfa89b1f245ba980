/**
 * Imports a file straight from disk (the desktop app's open dialog), so its
 * size is bounded by the disk, not by a transport or by memory.
 *
 * NDJSON, this app's own export format and the usual one for big logs, is
 * streamed a line at a time: the records of one request are consecutive in
 * an export, so a call is rebuilt as soon as the next request starts, and
 * calls are committed in windows that yield to the event loop, so capture
 * keeps answering while a large file goes in. A HAR or JSON file is one
 * document and has to be parsed whole; it is read up to a limit and then
 * goes through the same path as an upload.
 */
import { createReadStream } from 'node:fs'
import { open, readFile, stat } from 'node:fs/promises'
import { basename, extname } from 'node:path'
import { createInterface } from 'node:readline'
import type { ImportResult } from '../../../shared/contract/transfer'
import type { EngineContext } from '../context'
import { BadInputError } from '../types'
import {
  DEEP_REASON,
  ImportTally,
  PLAIN_BATCH,
  callFromRecordGroup,
  importFile,
  isExportRecord,
  obj,
  plainCall,
  recordGroupKey,
  tooDeep,
} from './import-service'

/** A HAR or JSON document is parsed in one piece; past this, NDJSON is the way. */
export const MAX_DOCUMENT_BYTES = 512 * 1024 * 1024
/** A longer line is not one event or record: skipped, not buffered without bound. */
const MAX_LINE_CHARS = 8 * 1024 * 1024

async function looksLikeNdjson(path: string): Promise<boolean> {
  const ext = extname(path).toLowerCase()
  if (ext === '.ndjson' || ext === '.jsonl') return true
  if (ext === '.har') return false
  // A .json file may still be one object a line (NDJSON named .json): look at the start.
  const handle = await open(path, 'r')
  try {
    const head = Buffer.alloc(64 * 1024)
    const { bytesRead } = await handle.read(head, 0, head.length, 0)
    const text = head.subarray(0, bytesRead).toString('utf8').trimStart()
    if (!text.startsWith('{')) return false
    const firstLine = text.split('\n', 1)[0] ?? ''
    try {
      JSON.parse(firstLine)
      return text.includes('\n')
    } catch {
      return false
    }
  } finally {
    await handle.close()
  }
}

export async function importFromPath(ctx: EngineContext, path: string): Promise<ImportResult> {
  const name = basename(path)
  let size: number
  try {
    const st = await stat(path)
    if (!st.isFile()) throw new BadInputError(`${name} is not a file.`)
    size = st.size
  } catch (error) {
    if (error instanceof BadInputError) throw error
    throw new BadInputError(`${name} cannot be read: ${(error as Error).message}`)
  }
  if (size === 0) throw new BadInputError(`${name} is empty.`)
  if (!(await looksLikeNdjson(path))) {
    if (size > MAX_DOCUMENT_BYTES)
      throw new BadInputError(
        `${name} is ${Math.round(size / 1e6)} MB, more than a single JSON or HAR document can be read at once ` +
          `(${MAX_DOCUMENT_BYTES / 1024 / 1024} MB). Export it as NDJSON, which is imported a line at a time.`,
      )
    return importFile(ctx, name, await readFile(path, 'utf8'))
  }
  return streamNdjson(ctx, path)
}

async function streamNdjson(ctx: EngineContext, path: string): Promise<ImportResult> {
  const now = Date.now()
  const skipped = new Map<string, number>()
  const skip = (reason: string): void => {
    skipped.set(reason, (skipped.get(reason) ?? 0) + 1)
  }
  const tally = new ImportTally(ctx)
  let group: Record<string, unknown>[] = []
  let groupKey: string | null = null
  let plain: unknown[] = []

  const flushGroup = async (): Promise<void> => {
    if (group.length === 0) return
    const call = callFromRecordGroup(group, skipped, now)
    group = []
    groupKey = null
    if (call) await tally.add(call)
  }
  const flushPlain = async (): Promise<void> => {
    if (plain.length === 0) return
    const call = plainCall(plain, now)
    plain = []
    await tally.add(call)
  }

  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity })
  let lineNo = 0
  for await (const line of lines) {
    lineNo++
    if (line.trim() === '') continue
    if (line.length > MAX_LINE_CHARS) {
      skip('lines longer than 8 MB')
      continue
    }
    if (tooDeep(line)) {
      skip(DEEP_REASON)
      continue
    }
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch {
      skip('lines that are not JSON')
      continue
    }
    if (isExportRecord(value)) {
      const key = recordGroupKey(value, lineNo)
      if (key !== groupKey) await flushGroup()
      groupKey = key
      group.push(obj(value) as Record<string, unknown>)
    } else if (obj(value) !== null) {
      plain.push(value)
      if (plain.length >= PLAIN_BATCH) await flushPlain()
    } else {
      skip('values that are not objects')
    }
  }
  await flushGroup()
  await flushPlain()
  await tally.flush()
  return tally.result('ndjson', skipped)
}
