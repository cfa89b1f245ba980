/** Escaping for the report formats; every value in a report came from a captured (untrusted) call. */
import { neutraliseBidi } from '../../../shared/display-text'

export { neutraliseBidi }

export function escapeHtml(text: string): string {
  return neutraliseBidi(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** XML 1.0 cannot carry most control characters at all, even escaped: drop them. */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(
      /[&<>"']/g,
      (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
    )
}

/**
 * Markdown prose from captured data: HTML in it would render in most viewers
 * (a `<img onerror>` in an event name), so `&`, `<` and `>` become entities.
 */
export function escapeMdText(text: string): string {
  return neutraliseBidi(text).replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] ?? c)
}

/** Markdown table cells: HTML as in prose, and pipes and newlines would break the row. */
export function escapeMdCell(text: string): string {
  return escapeMdText(text).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')
}

/** Inline code that may itself hold backticks. */
export function mdCode(raw: string): string {
  const text = neutraliseBidi(raw)
  const fence = text.includes('`') ? '``' : '`'
  return `${fence}${fence.length > 1 ? ' ' : ''}${text}${fence.length > 1 ? ' ' : ''}${fence}`
}

/** A fenced block longer than any backtick run inside it. */
export function mdFence(raw: string, lang = ''): string {
  const text = neutraliseBidi(raw)
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length))
  const fence = '`'.repeat(longest + 1)
  return `${fence}${lang}\n${text}\n${fence}`
}
