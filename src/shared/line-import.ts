/**
 * An NDJSON file fed to the engine a batch of lines per call
 * (`transfer.importOpen`, `transfer.importLines`, `transfer.importClose`),
 * whoever reads it: the automation API from an upload, the browser UI from
 * a picked file. One batch is in flight while the next is read, so the
 * reader and the engine work at the same time. Lines too long to be one
 * event are counted and left out, rather than sent.
 */
import { MAX_IMPORT_LINES_PER_CALL, type ImportOpened, type ImportResult } from './contract/transfer'

/** The three calls, as the caller reaches the engine (its contract client, or the engine itself). */
export interface LineImportCalls {
  open(input: { fileName: string }): Promise<ImportOpened>
  lines(input: { importId: string; lines: string[] }): Promise<unknown>
  close(input: { importId: string }): Promise<ImportResult>
}

/** A batch goes once its lines pass this many characters (or MAX_IMPORT_LINES_PER_CALL lines). */
export const LINE_BATCH_CHARS = 1024 * 1024

/** The lines of a text that arrives in chunks; the `\r` of a `\r\n` is dropped. */
export async function* splitLines(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  let rest = ''
  for await (const chunk of chunks) {
    const parts = (rest + chunk).split('\n')
    rest = parts.pop() ?? ''
    for (const line of parts) yield line.endsWith('\r') ? line.slice(0, -1) : line
  }
  if (rest !== '') yield rest
}

export async function importLineByLine(
  calls: LineImportCalls,
  fileName: string,
  lines: AsyncIterable<string>,
  maxLineChars: number,
): Promise<ImportResult> {
  const { importId } = await calls.open({ fileName })
  let batch: string[] = []
  let chars = 0
  let tooLong = 0
  let inFlight: Promise<unknown> = Promise.resolve()
  const send = async (): Promise<void> => {
    await inFlight
    if (batch.length > 0) inFlight = calls.lines({ importId, lines: batch })
    batch = []
    chars = 0
  }
  try {
    for await (const line of lines) {
      if (line.length > maxLineChars) {
        tooLong++
        continue
      }
      batch.push(line)
      chars += line.length
      if (chars >= LINE_BATCH_CHARS || batch.length >= MAX_IMPORT_LINES_PER_CALL) await send()
    }
    await send()
    await inFlight
  } catch (error) {
    // What was sent is kept, as the log shows; the first error is the one to report.
    await inFlight.catch(() => undefined)
    await calls.close({ importId }).catch(() => undefined)
    throw error
  }
  const result = await calls.close({ importId })
  if (tooLong === 0) return result
  const MB = 1024 * 1024
  const bound = maxLineChars >= MB ? `${Math.round(maxLineChars / MB)} MB` : `${maxLineChars} characters`
  const reason = `lines longer than ${bound}`
  return { ...result, skipped: [...result.skipped, { reason, count: tooLong }] }
}
