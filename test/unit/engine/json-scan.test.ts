import { describe, expect, it } from 'vitest'
import { scanJson } from '../../../src/main/engine/capture/json-scan'

const slices = (text: string) => scanJson(text).elements.map(([a, b]) => text.slice(a, b))

describe('scanJson', () => {
  it('finds the exact text of each array element', () => {
    const text = ' [ {"a":1} , {"b":"x,]}"} ,{"c":[1,2,{"d":null}]}, 42 , "s" ] '
    expect(scanJson(text).top).toBe('array')
    expect(slices(text)).toEqual(['{"a":1}', '{"b":"x,]}"}', '{"c":[1,2,{"d":null}]}', '42', '"s"'])
  })

  it('keeps escaped quotes inside strings', () => {
    const text = '[{"k":"a\\"],b"},{"z":1}]'
    expect(slices(text)).toEqual(['{"k":"a\\"],b"}', '{"z":1}'])
  })

  it('keeps numbers beyond 2^53 as written', () => {
    const text = '[{"n":12345678901234567890123.5e3}]'
    expect(slices(text)).toEqual(['{"n":12345678901234567890123.5e3}'])
  })

  it('reports the top-level shape', () => {
    expect(scanJson('{"a":1}').top).toBe('object')
    expect(scanJson('  ').top).toBe('empty')
    expect(scanJson('"str"').top).toBe('other')
    expect(scanJson('[]').elements).toEqual([])
  })

  it('stops at the depth limit without recursing', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000)
    const scan = scanJson(deep, 256)
    expect(scan.tooDeep).toBe(true)
    expect(scan.maxDepth).toBe(257)
    expect(scanJson('[[[1]]]', 3).tooDeep).toBe(false)
    expect(scanJson('[[[[1]]]]', 3).tooDeep).toBe(true)
  })
})
