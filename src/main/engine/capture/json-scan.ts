/**
 * A single forward pass over a JSON text that finds the top-level value's
 * shape, the exact text span of each element of a top-level array, and the
 * nesting depth — without building any objects.
 *
 * Why: each event is stored as the exact slice of the body it came from,
 * so numbers beyond 2^53 and duplicate keys stay as the app sent them; and
 * hostile nesting (100,000 levels) is caught before anything recursive
 * (JSON.parse's consumers, the validator, the UI tree) touches it.
 * The scan does not check full JSON syntax; JSON.parse does that afterwards.
 */
export interface JsonScan {
  top: 'array' | 'object' | 'other' | 'empty'
  /** [start, end) offsets of each top-level array element. */
  elements: [number, number][]
  maxDepth: number
  /** Stopped early because maxDepth passed the allowed limit. */
  tooDeep: boolean
}

export const MAX_JSON_DEPTH = 256

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09
}

/**
 * The index of the quote that closes the string opening at `open`, honouring backslash escapes
 * (past the text's end when the string is never closed).
 */
export function stringEnd(text: string, open: number): number {
  const n = text.length
  let i = open + 1
  while (i < n) {
    const c = text.charCodeAt(i)
    if (c === 0x5c) i += 2
    else if (c === 0x22) return i
    else i++
  }
  return i
}

export function scanJson(text: string, depthLimit = MAX_JSON_DEPTH): JsonScan {
  let i = 0
  const n = text.length
  while (i < n && isSpace(text.charCodeAt(i))) i++
  if (i >= n) return { top: 'empty', elements: [], maxDepth: 0, tooDeep: false }
  const first = text.charCodeAt(i)
  const top = first === 0x5b ? 'array' : first === 0x7b ? 'object' : 'other'
  const elements: [number, number][] = []
  let depth = 0
  let maxDepth = 0
  let elementStart = -1
  let lastNonSpace = -1
  for (; i < n; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x22) {
      if (top === 'array' && depth === 1 && elementStart < 0) elementStart = i
      i = stringEnd(text, i)
      lastNonSpace = i
      continue
    }
    if (c === 0x5b || c === 0x7b) {
      if (top === 'array' && depth === 1 && elementStart < 0) elementStart = i
      depth++
      if (depth > maxDepth) {
        maxDepth = depth
        if (maxDepth > depthLimit) return { top, elements, maxDepth, tooDeep: true }
      }
      lastNonSpace = i
      continue
    }
    if (c === 0x5d || c === 0x7d) {
      if (top === 'array' && depth === 1 && elementStart >= 0) {
        elements.push([elementStart, lastNonSpace + 1])
        elementStart = -1
      }
      depth--
      lastNonSpace = i
      continue
    }
    if (top === 'array' && depth === 1) {
      if (c === 0x2c) {
        if (elementStart >= 0) elements.push([elementStart, lastNonSpace + 1])
        elementStart = -1
        continue
      }
      if (!isSpace(c) && elementStart < 0) elementStart = i
    }
    if (!isSpace(c)) lastNonSpace = i
  }
  return { top, elements, maxDepth, tooDeep: false }
}
