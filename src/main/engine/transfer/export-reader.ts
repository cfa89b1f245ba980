/**
 * Reads a finished export back in 1 MiB chunks, so the browser UI can
 * download a file the engine wrote without the engine holding it whole.
 * Only files in the exports folder with an export's name can be read.
 */
import { openSync, readSync, closeSync, fstatSync } from 'node:fs'
import { basename, join } from 'node:path'
import type { ExportChunk } from '../../../shared/contract/transfer'
import { BadInputError } from '../errors'
import { exportsDir } from './export-service'

const CHUNK_BYTES = 1024 * 1024

export function readExportChunk(dataDir: string, fileName: string, offset: number): ExportChunk {
  if (
    basename(fileName) !== fileName ||
    !/^track-export-[A-Za-z0-9_-]+\.(ndjson|json|csv|har)$/.test(fileName)
  ) {
    throw new BadInputError('Not an export file name.')
  }
  let fd: number
  try {
    fd = openSync(join(exportsDir(dataDir), fileName), 'r')
  } catch {
    throw new BadInputError(`The export ${fileName} is no longer there.`)
  }
  try {
    const total = fstatSync(fd).size
    const start = Math.min(offset, total)
    const buffer = Buffer.alloc(Math.min(CHUNK_BYTES, total - start))
    const bytes = buffer.length > 0 ? readSync(fd, buffer, 0, buffer.length, start) : 0
    return {
      data: buffer.subarray(0, bytes).toString('base64'),
      offset: start,
      bytes,
      totalBytes: total,
      done: start + bytes >= total,
    }
  } finally {
    closeSync(fd)
  }
}
