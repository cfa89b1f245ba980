/**
 * The JSON lint's shortcut (validate/json-lint.ts): given the value a text
 * parsed to, a text without a long run of digits whose keys all survived
 * parsing is passed without the full scan. The shortcut must never hide a
 * finding, so on generated texts full of repeated keys, long numbers, and
 * strings holding colons, digits and escaped quotes, the lint with the
 * parsed value says exactly what the lint without it says.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { lintJson } from '../../../src/main/engine/validate/json-lint'

const key = fc.constantFrom('a', 'b', 'k', 'esc"q', 'ü', '__proto__', 'x:1', '12345678901234567')
const number = fc.oneof(
  fc.integer().map(String),
  fc.constantFrom(
    '9007199254740993',
    '-12345678901234567890',
    '1.2345678901234567e25',
    '9007199254740991',
    '0.5',
  ),
)
const string = fc.string({ maxLength: 8 }).map((s) => JSON.stringify(s))
const space = fc.constantFrom('', ' ', '\n  ')
const { object } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    number,
    string,
    fc.constantFrom('true', 'null'),
    tie('array'),
    tie('object'),
  ),
  array: fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
  object: fc
    .array(fc.tuple(key, space, tie('value')), { maxLength: 5 })
    .map((pairs) => `{${pairs.map(([k, s, v]) => `${JSON.stringify(k)}${s}:${s}${v as string}`).join(',')}}`),
}))

describe('the JSON lint', () => {
  it('finds the same with the parsed value as without it, on any text', () => {
    let withFindings = 0
    let without = 0
    fc.assert(
      fc.property(object, (text) => {
        const full = lintJson(text as string)
        expect(lintJson(text as string, '', JSON.parse(text as string))).toEqual(full)
        if (full.length > 0) withFindings++
        else without++
      }),
      { numRuns: 3_000 },
    )
    // Both kinds of text were generated, so both paths of the shortcut were held to the full scan.
    expect(withFindings).toBeGreaterThan(300)
    expect(without).toBeGreaterThan(300)
  })

  it('passes an SDK event without findings, and still points at a duplicate inside a string-heavy one', () => {
    const sdk =
      '{"event_name":"page_visit","properties":{"page_url":"https://a.example/x?y=1:2","n":42},"user_id":"u_1"}'
    expect(lintJson(sdk, '', JSON.parse(sdk))).toEqual([])
    const twice = '{"event_name":"a","properties":{"url":"http://x:1","k":1,"k":2}}'
    expect(lintJson(twice, '', JSON.parse(twice)).map((f) => f.path)).toEqual(['/properties/k'])
  })
})
