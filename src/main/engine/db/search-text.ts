/**
 * The text the full-text index holds for an event: the keys and values of
 * its `properties` (track) or `traits` (identify, group), flattened to
 * "key value key value ...". Event name and user id are indexed as their
 * own columns. Kept small on purpose: every captured event pays for it.
 */

const MAX_SEARCH_TEXT = 8_000

function walk(value: unknown, out: string[]): void {
  if (value === null) {
    out.push('null')
  } else if (Array.isArray(value)) {
    for (const item of value) walk(item, out)
  } else if (typeof value === 'object') {
    for (const key in value) {
      out.push(key)
      walk((value as Record<string, unknown>)[key], out)
    }
  } else {
    out.push(String(value))
  }
}

/** Search text for an already parsed event; '' when it carries no properties or traits. */
export function searchTextOf(event: unknown): string {
  if (event === null || typeof event !== 'object' || Array.isArray(event)) return ''
  const obj = event as Record<string, unknown>
  const out: string[] = []
  if (obj['properties'] !== null && typeof obj['properties'] === 'object') walk(obj['properties'], out)
  if (obj['traits'] !== null && typeof obj['traits'] === 'object') walk(obj['traits'], out)
  const text = out.join(' ')
  return text.length > MAX_SEARCH_TEXT ? text.slice(0, MAX_SEARCH_TEXT) : text
}

/** Search text from an event's stored JSON text, for inserts that did not parse it already. */
export function searchTextOfJson(json: string | null): string {
  if (json === null) return ''
  try {
    return searchTextOf(JSON.parse(json))
  } catch {
    return ''
  }
}
