/**
 * Captured text ends up in spreadsheets and in reports people open: it must
 * stay text there. Formula cells, HTML in Markdown, and bidirectional
 * overrides that make one name read as another.
 */
import { describe, expect, it } from 'vitest'
import {
  escapeHtml,
  escapeMdCell,
  escapeMdText,
  mdCode,
  neutraliseBidi,
} from '../../../src/main/engine/reports/escape'
import { csvCell } from '../../../src/main/engine/transfer/export-formats'

describe('CSV cells', () => {
  it.each(['=HYPERLINK("http://evil")', '+1+cmd', "-2+3+cmd|' /C calc'!A0", '@SUM(A1)', '\tx', '\rx', '-x'])(
    'keeps %j as text with a leading quote',
    (value) => {
      const cell = csvCell(value)
      const unquoted = cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell
      expect(unquoted).toBe(`'${value}`)
    },
  )

  it('leaves plain numbers, negative ones included, as numbers', () => {
    for (const n of ['-5', '-0.25', '42', '-1e-7', '3.14']) expect(csvCell(n)).toBe(n)
    expect(csvCell('plain text')).toBe('plain text')
  })
})

describe('Markdown and HTML reports', () => {
  it('turns HTML in captured text into entities, in prose and in table cells', () => {
    const name = '<img src=x onerror=alert(1)>'
    expect(escapeMdText(name)).toBe('&lt;img src=x onerror=alert(1)&gt;')
    expect(escapeMdCell(`${name}|x`)).toBe('&lt;img src=x onerror=alert(1)&gt;\\|x')
    expect(escapeMdText('a & b')).toBe('a &amp; b')
  })

  it('shows bidirectional overrides as visible code points everywhere', () => {
    const spoofed = 'signup\u202Edi_resu\u202C'
    expect(neutraliseBidi(spoofed)).toBe('signup<U+202E>di_resu<U+202C>')
    expect(escapeMdText(spoofed)).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/)
    expect(escapeHtml(spoofed)).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/)
    expect(mdCode(spoofed)).toBe('`signup<U+202E>di_resu<U+202C>`')
  })
})
