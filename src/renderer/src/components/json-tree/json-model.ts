export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue }
export type JsonContainer = JsonValue[] | { [key: string]: JsonValue }

export type ParseResult = { ok: true; value: JsonValue } | { ok: false; error: string }

export function parseJson(text: string): ParseResult {
  try {
    return { ok: true, value: JSON.parse(text) as JsonValue }
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) }
  }
}

export function isContainer(value: JsonValue): value is JsonContainer {
  return typeof value === 'object' && value !== null
}

export function sizeOf(value: JsonContainer): number {
  return Array.isArray(value) ? value.length : Object.keys(value).length
}

/** RFC 6901: the same pointers the validator writes into `Finding.path`. */
export function childPointer(parent: string, key: string | number): string {
  return `${parent}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`
}

/** The longest prefix of `pointer` that names a node in `root` ('' is the root itself). */
export function existingPointer(root: JsonValue, pointer: string): string {
  if (pointer === '' || !pointer.startsWith('/')) return ''
  let node: JsonValue | undefined = root
  let found = ''
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    if (node === null || typeof node !== 'object') break
    const next: JsonValue | undefined = Array.isArray(node)
      ? /^\d+$/.test(key)
        ? node[Number(key)]
        : undefined
      : Object.prototype.hasOwnProperty.call(node, key)
        ? node[key]
        : undefined
    if (next === undefined) break
    found = `${found}/${raw}`
    node = next
  }
  return found
}

/** What "copy value" puts on the clipboard: strings as themselves, the rest as pretty JSON. */
export function copyableText(value: JsonValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2)
}

const PREVIEW_CHARS = 72

/** A one-line glimpse of a collapsed container, built from its first few members only. */
export function preview(value: JsonContainer): string {
  const parts: string[] = []
  let length = 0
  const push = (part: string): boolean => {
    parts.push(part)
    length += part.length + 2
    return length < PREVIEW_CHARS
  }
  if (Array.isArray(value)) {
    for (const item of value) if (!push(short(item))) break
    const more = parts.length < value.length ? ', …' : ''
    return `[${parts.join(', ')}${more}]`
  }
  const keys = Object.keys(value)
  for (const key of keys) if (!push(`${key}: ${short(value[key] ?? null)}`)) break
  const more = parts.length < keys.length ? ', …' : ''
  return `{${parts.join(', ')}${more}}`
}

function short(value: JsonValue): string {
  if (Array.isArray(value)) return value.length === 0 ? '[]' : '[…]'
  if (isContainer(value)) return Object.keys(value).length === 0 ? '{}' : '{…}'
  if (typeof value === 'string') return JSON.stringify(value.length > 24 ? `${value.slice(0, 24)}…` : value)
  return String(value)
}
