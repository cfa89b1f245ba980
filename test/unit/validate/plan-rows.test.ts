/** The table editor's rows written back as CSV or JSON rows read the same through the engine's parser. */
import { describe, expect, it } from 'vitest'
import { parsePlan } from '../../../src/main/engine/validate/plan-parser'
import { toCsv, toEditable, toJsonRows } from '../../../src/shared/plan-rows'

const SOURCE = `event,property,type,required,allowed values
signed_up,plan,string,yes,free|pro|team
signed_up,"note, free text",string,no,
signed_up,seats,integer|null,no,1|2|3
page_visit,,,,
`

describe('plan rows round trip', () => {
  const original = parsePlan(SOURCE)

  it.each([
    ['CSV', toCsv],
    ['JSON rows', toJsonRows],
  ])('%s keeps every row', (_name, write) => {
    expect(original.errors).toEqual([])
    const text = write(toEditable(original.rows))
    const again = parsePlan(text)
    expect(again.errors).toEqual([])
    expect(again.rows).toEqual(original.rows)
  })

  it('leaves out rows without an event name, and quotes cells that need it', () => {
    const rows = toEditable(original.rows)
    rows.push({ event: '  ', property: 'x', type: 'string', required: true, allowed: '' })
    const csv = toCsv(rows)
    expect(csv).toContain('"note, free text"')
    expect(parsePlan(csv).rows).toHaveLength(original.rows.length)
  })
})
