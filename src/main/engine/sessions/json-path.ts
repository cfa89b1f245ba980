/**
 * Reading a value out of an event by the paths users write in expectations:
 * a dot path from the event's root (`properties.plan`, `items.0.sku`) or a
 * JSON pointer (`/properties/a.b`) when a key itself holds a dot.
 */

export function pathSegments(path: string): string[] {
  if (path.startsWith('/')) {
    return path
      .slice(1)
      .split('/')
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
  }
  return path.split('.').filter((s) => s !== '')
}

/** The value at `path`, or undefined when any step is missing. */
export function valueAt(root: unknown, path: string): unknown {
  let node = root
  for (const key of pathSegments(path)) {
    if (Array.isArray(node)) {
      if (!/^\d+$/.test(key)) return undefined
      node = node[Number(key)]
    } else if (node !== null && typeof node === 'object') {
      if (!Object.hasOwn(node, key)) return undefined
      node = (node as Record<string, unknown>)[key]
    } else {
      return undefined
    }
  }
  return node
}

export function jsonType(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number'
  return typeof value
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a)) {
    const other = b as unknown[]
    return a.length === other.length && a.every((v, i) => deepEqual(v, other[i]))
  }
  const ao = a as Record<string, unknown>
  const bo = b as Record<string, unknown>
  const keys = Object.keys(ao)
  if (keys.length !== Object.keys(bo).length) return false
  return keys.every((k) => Object.hasOwn(bo, k) && deepEqual(ao[k], bo[k]))
}

/** Flatten an object to `path → JSON text of the leaf`; arrays are leaves (compared whole). */
export function flatten(
  value: unknown,
  prefix: string,
  out = new Map<string, string>(),
): Map<string, string> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>)
    if (entries.length === 0 && prefix) out.set(prefix, '{}')
    for (const [k, v] of entries) flatten(v, prefix ? `${prefix}.${k}` : k, out)
  } else if (prefix) {
    out.set(prefix, JSON.stringify(value) ?? 'null')
  }
  return out
}
