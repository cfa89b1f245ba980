/**
 * Imports a file straight from disk (the desktop app's open dialog), so its
 * size is bounded by the disk, not by a transport or by memory.
 *
 * NDJSON, this app's own export format and the usual one for big logs, is
 * streamed a line at a time through the same `importLines` as an upload. A HAR or JSON file is one
 * document and has to be parsed whole; it is read up to a limit and then
 * goes through the same path as an upload.
 */
import { createReadStream } from 'node:fs'
import { open, readFile, stat } from 'node:fs/promises'
import { basename, extname } from 'node:path'
import { createInterface } from 'node:readline'
import type { ImportResult } from '../../../shared/contract/transfer'
import type { EngineContext } from '../context'
import { BadInputError } from '../errors'
import { importFile, importLines } from './import-service'

/** A HAR or JSON document is parsed in one piece; past this, NDJSON is the way. */
export const MAX_DOCUMENT_BYTES = 512 * 1024 * 1024

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

function streamNdjson(ctx: EngineContext, path: string): Promise<ImportResult> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity })
  return importLines(ctx, lines)
}
