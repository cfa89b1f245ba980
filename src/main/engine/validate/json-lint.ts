/**
 * What JSON.parse hides: duplicate keys (the last one silently wins) and
 * integers beyond 2^53 (silently rounded). Both are legal JSON, so the
 * body is accepted, but an SDK or a hand-built payload producing them is
 * worth a warning that points at the exact place.
 *
 * Runs on text the capture path has already checked for depth and syntax,
 * so a plain forward scan with an explicit stack is enough; it never
 * recurses and never throws.
 */
import type { Finding } from '../../../shared/model'
import { stringEnd } from '../capture/json-scan'
import { finding, pointerToken } from './finding'

interface Frame {
  kind: 'object' | 'array'
  path: string
  keys: Set<string> | null
  index: number
  /** The key whose value is being read (objects). */
  key: string | null
}

/** A finding per problem, capped so a hostile body cannot produce millions. */
const MAX_FINDINGS = 50

/** Shorter runs of digits cannot pass 2^53. */
const LONG_DIGITS = 16

/**
 * The common case, decided without the full scan's stack, key sets and paths (a third of the
 * cost of parsing a call): `text` holds neither a duplicate key nor a long integer when it has
 * no run of 16 digits outside strings and as many colons outside strings (one per key written)
 * as `parsed`, its JSON.parse value, has keys (a duplicate leaves one key for two colons).
 */
function nothingToLint(text: string, parsed: unknown): boolean {
  let colons = 0
  let digits = 0
  const n = text.length
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x22) {
      i = stringEnd(text, i)
      digits = 0
    } else if (c >= 0x30 && c <= 0x39) {
      if (++digits >= LONG_DIGITS) return false
    } else {
      digits = 0
      if (c === 0x3a) colons++
    }
  }
  return colons === keyCount(parsed)
}

/** Keys in every object of a parsed JSON value (its depth was checked before it was parsed). */
function keyCount(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0
  let n = 0
  if (Array.isArray(value)) {
    for (const item of value) n += keyCount(item)
    return n
  }
  for (const key in value) n += 1 + keyCount((value as Record<string, unknown>)[key])
  return n
}

export function lintJson(text: string, basePath = '', parsed?: unknown): Finding[] {
  if (parsed !== undefined && nothingToLint(text, parsed)) return []
  const out: Finding[] = []
  const stack: Frame[] = []
  const n = text.length
  let i = 0
  const childPath = (): string => {
    const top = stack[stack.length - 1]
    if (!top) return basePath
    return top.kind === 'array' ? `${top.path}/${top.index}` : `${top.path}/${pointerToken(top.key ?? '')}`
  }
  let expectKey = false
  while (i < n && out.length < MAX_FINDINGS) {
    const c = text.charCodeAt(i)
    if (c === 0x22) {
      const start = i
      i = stringEnd(text, i)
      const top = stack[stack.length - 1]
      if (expectKey && top?.kind === 'object') {
        let key = text.slice(start + 1, i)
        // Only keys with escapes need decoding; the rest are their own text.
        if (key.includes('\\')) {
          try {
            key = JSON.parse(text.slice(start, i + 1)) as string
          } catch {
            // Keep the raw text; JSON.parse already judged the syntax.
          }
        }
        if (top.keys?.has(key)) {
          out.push(
            finding(
              'json.duplicate-key',
              `${top.path}/${pointerToken(key)}`,
              `Key "${key}" appears more than once in this object; only the last value is kept.`,
            ),
          )
        }
        top.keys?.add(key)
        top.key = key
        expectKey = false
      }
      i++
      continue
    }
    if (c === 0x7b || c === 0x5b) {
      const path = childPath()
      stack.push({
        kind: c === 0x7b ? 'object' : 'array',
        path,
        keys: c === 0x7b ? new Set() : null,
        index: 0,
        key: null,
      })
      expectKey = c === 0x7b
      i++
      continue
    }
    if (c === 0x7d || c === 0x5d) {
      stack.pop()
      expectKey = false
      i++
      continue
    }
    if (c === 0x2c) {
      const top = stack[stack.length - 1]
      if (top?.kind === 'array') top.index++
      expectKey = top?.kind === 'object'
      i++
      continue
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      const start = i
      let integer = true
      for (; i < n; i++) {
        const d = text.charCodeAt(i)
        if (d >= 0x30 && d <= 0x39) continue
        if (d === 0x2d && i === start) continue
        if (d === 0x2e || d === 0x65 || d === 0x45 || d === 0x2b || d === 0x2d) {
          integer = false
          continue
        }
        break
      }
      // Only long integers can pass 2^53 (16+ digits); everything else is skipped without allocating.
      const digits = i - start - (text.charCodeAt(start) === 0x2d ? 1 : 0)
      const token = integer && digits >= 16 ? text.slice(start, i) : ''
      if (token !== '' && !Number.isSafeInteger(Number(token))) {
        out.push(
          finding(
            'json.unsafe-integer',
            childPath(),
            `${token} is beyond 2^53: a JavaScript or JSON.parse consumer rounds it to ${String(Number(token))}. Send it as a string to keep it exact.`,
          ),
        )
      }
      continue
    }
    i++
  }
  return out
}
