/**
 * Incremental parser for a `text/event-stream` body (WHATWG server-sent
 * events). EventSource cannot send an Authorization header, so the stream is
 * read with fetch and parsed here; chunks may split lines anywhere.
 */
export interface SseMessage {
  event: string
  data: string
}

export class SseParser {
  private buffer = ''
  private event = ''
  private data: string[] = []

  /** Feed decoded text; returns the messages completed by it. */
  push(chunk: string): SseMessage[] {
    this.buffer += chunk
    const out: SseMessage[] = []
    const text = this.buffer
    let start = 0
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i)
      if (code !== 10 && code !== 13) continue
      // A CR at the very end may be the first half of a CRLF split across chunks.
      if (code === 13 && i === text.length - 1) break
      this.line(text.slice(start, i), out)
      if (code === 13 && text.charCodeAt(i + 1) === 10) i++
      start = i + 1
    }
    this.buffer = text.slice(start)
    return out
  }

  private line(line: string, out: SseMessage[]): void {
    if (line === '') {
      if (this.data.length > 0) out.push({ event: this.event || 'message', data: this.data.join('\n') })
      this.event = ''
      this.data = []
      return
    }
    if (line.startsWith(':')) return
    const colon = line.indexOf(':')
    const field = colon === -1 ? line : line.slice(0, colon)
    let value = colon === -1 ? '' : line.slice(colon + 1)
    if (value.startsWith(' ')) value = value.slice(1)
    if (field === 'event') this.event = value
    else if (field === 'data') this.data.push(value)
  }
}
