/**
 * Regular expressions written by users (plan `pattern`s, session `matches`
 * conditions) run on RE2's engine (re2js, a pure-JS port): matching takes
 * time linear in the input, so no pattern can freeze the engine the way a
 * backtracking one like `(a+)+$` does in JavaScript's own RegExp. RE2 has
 * no backreferences or lookaround; a pattern that uses them is refused when
 * it is saved, with a message that says why.
 */
import { RE2JS } from 're2js'

export const MAX_PATTERN_LENGTH = 500
/** Values longer than this are not matched at all (the condition reports it). */
export const MAX_MATCH_INPUT = 256 * 1024

export interface LinearRegex {
  test(input: string): boolean
}

const cache = new Map<string, LinearRegex>()

function explain(source: string, error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error)
  if (/\\[1-9]|\(\?<?[=!]/.test(source))
    return `/${source}/ uses a backreference or lookaround, which can take exponential time; this app runs patterns in linear time (RE2) and does not support them.`
  return `/${source}/ is not a valid regular expression: ${raw}`
}

/** Why the pattern cannot be used, or null when it can. */
export function patternProblem(source: string): string | null {
  if (source.length === 0) return 'The pattern is empty.'
  if (source.length > MAX_PATTERN_LENGTH)
    return `The pattern is longer than ${MAX_PATTERN_LENGTH} characters.`
  try {
    compileLinear(source)
    return null
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
}

/** Compile (cached); throws an Error whose message says what is wrong. */
export function compileLinear(source: string): LinearRegex {
  const hit = cache.get(source)
  if (hit) return hit
  let re: RE2JS
  try {
    re = RE2JS.compile(source)
  } catch (error) {
    throw new Error(explain(source, error))
  }
  const compiled: LinearRegex = {
    test: (input) => input.length <= MAX_MATCH_INPUT && re.matcher(input).find(),
  }
  if (cache.size > 1000) cache.clear()
  cache.set(source, compiled)
  return compiled
}
