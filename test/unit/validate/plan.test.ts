/**
 * Tracking plans: parsing the three forms (with clear, located errors) and
 * checking events against them, one case per plan rule.
 */
import { describe, expect, it } from 'vitest'
import { parseCsv } from '../../../src/main/engine/validate/csv'
import { compilePlan } from '../../../src/main/engine/validate/plan-checker'
import { detectFormat, parsePlan } from '../../../src/main/engine/validate/plan-parser'
import type { CallContext } from '../../../src/main/engine/validate/types'
import type { Finding } from '../../../src/shared/model'

const CSV = `event,property,type,required,allowed values
signed_up,plan,string,yes,free|pro|team
signed_up,seats,integer,no,
signed_up,"referrer, if any",string,no,
page_visit,,,,
`

const ROWS_JSON = JSON.stringify([
  { event: 'signed_up', property: 'plan', type: 'string', required: true, allowed: ['free', 'pro', 'team'] },
  { event: 'signed_up', property: 'seats', type: 'integer', required: false },
  { event: 'page_visit' },
])

const SCHEMA_MAP = JSON.stringify({
  signed_up: {
    type: 'object',
    properties: { plan: { enum: ['free', 'pro', 'team'] }, seats: { type: 'integer', minimum: 1 } },
    required: ['plan'],
    additionalProperties: false,
  },
  page_visit: { type: 'object' },
})

const ctx: CallContext = {
  callType: 'track',
  receivedAt: 0,
  bodyBytes: 0,
  singleObject: false,
  eventCount: 1,
}

function checker(source: string) {
  const parsed = parsePlan(source)
  expect(parsed.errors).toEqual([])
  const { compiled, errors } = compilePlan(parsed)
  expect(errors).toEqual([])
  return (event: unknown): Finding[] => compiled!.check(ctx, event)
}

describe('plan parsing', () => {
  it('detects the form from the text', () => {
    expect(detectFormat(CSV)).toBe('csv')
    expect(detectFormat(`  ${ROWS_JSON}`)).toBe('rows-json')
    expect(detectFormat(SCHEMA_MAP)).toBe('schema-map')
  })

  it('reads CSV rows with quoted commas, yes/no, and typed allowed values', () => {
    const plan = parsePlan(CSV)
    expect(plan.errors).toEqual([])
    expect(plan.rows).toEqual([
      {
        event: 'signed_up',
        property: 'plan',
        types: ['string'],
        required: true,
        allowed: ['free', 'pro', 'team'],
      },
      { event: 'signed_up', property: 'seats', types: ['integer'], required: false, allowed: [] },
      { event: 'signed_up', property: 'referrer, if any', types: ['string'], required: false, allowed: [] },
      { event: 'page_visit', property: null, types: ['any'], required: false, allowed: [] },
    ])
    expect([...plan.schemas.keys()]).toEqual(['signed_up', 'page_visit'])
    const numbers = parsePlan('event,property,type,allowed\ncheckout,step,integer,1|2|3\n')
    expect(numbers.rows[0]?.allowed).toEqual([1, 2, 3])
  })

  it('shows a schema map as rows', () => {
    const plan = parsePlan(SCHEMA_MAP)
    expect(plan.errors).toEqual([])
    expect(plan.rows).toContainEqual({
      event: 'signed_up',
      property: 'plan',
      types: ['any'],
      required: true,
      allowed: ['free', 'pro', 'team'],
    })
    expect(plan.rows).toContainEqual({
      event: 'page_visit',
      property: null,
      types: ['any'],
      required: false,
      allowed: [],
    })
  })

  it('says where a plan is wrong', () => {
    expect(parsePlan('').errors[0]?.message).toMatch(/empty/)
    expect(parsePlan('{"a": 1').errors[0]?.message).toMatch(/Not valid JSON/)
    expect(parsePlan('plan,type\nx,string\n').errors[0]).toMatchObject({ location: 'line 1' })
    expect(parsePlan('event,property,type\nsigned_up,plan,strnig\n').errors[0]).toMatchObject({
      location: 'line 2',
      message: expect.stringContaining('Unknown type "strnig"'),
    })
    expect(
      parsePlan('event,property,type,required\nsigned_up,plan,string,maybe\n').errors[0]?.message,
    ).toMatch(/required must be/)
    expect(parsePlan('event,property,type,allowed\nx,n,integer,1|two\n').errors[0]?.message).toMatch(
      /"two" is not a integer/,
    )
    expect(parsePlan('event,property\nx,a\nx,a\n').errors[0]).toMatchObject({ location: 'line 3' })
    expect(parsePlan('[{"property": "a"}]').errors[0]).toMatchObject({ location: '/0/event' })
    expect(parsePlan('{"x": 5}').errors[0]).toMatchObject({ location: '/x' })
    expect(parsePlan('event\n"unterminated\n').errors[0]?.message).toMatch(/never closed/)
    const bad = compilePlan(parsePlan('{"x": {"type": "strnig"}}'))
    expect(bad.compiled).toBeNull()
    expect(bad.errors[0]).toMatchObject({
      location: '/x',
      message: expect.stringContaining('does not compile'),
    })
  })

  it('parses CSV with CRLF, a BOM and quoted line breaks', () => {
    const { rows, error } = parseCsv('\uFEFFa,b\r\n"x\ny","q""z"\r\n\r\n')
    expect(error).toBeNull()
    expect(rows).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x\ny', 'q"z'] },
    ])
  })
})

describe.each([
  ['CSV', CSV],
  ['rows JSON', ROWS_JSON],
  ['schema map', SCHEMA_MAP],
])('plan rules (%s)', (_form, source) => {
  const check = checker(source)
  const rules = (event: unknown): string[] => check(event).map((f) => f.rule)

  it('passes a planned event that follows the plan', () => {
    expect(check({ event_name: 'signed_up', properties: { plan: 'pro', seats: 3 } })).toEqual([])
    expect(check({ event_name: 'page_visit', properties: {} })).toEqual([])
  })

  it('plan.unplanned-event', () => {
    const f = check({ event_name: 'made_up', properties: {} })
    expect(f).toEqual([
      expect.objectContaining({ rule: 'plan.unplanned-event', severity: 'warning', path: '/event_name' }),
    ])
    expect(check({ event: 'made_up' })[0]?.path).toBe('/event')
  })

  it('plan.required', () => {
    const f = check({ event_name: 'signed_up', properties: { seats: 2 } })
    expect(f).toContainEqual(
      expect.objectContaining({ rule: 'plan.required', severity: 'error', path: '/properties/plan' }),
    )
    expect(rules({ event_name: 'signed_up' })).toContain('plan.required')
  })

  it('plan.type', () => {
    const f = check({ event_name: 'signed_up', properties: { plan: 'pro', seats: 'three' } })
    expect(f).toContainEqual(expect.objectContaining({ rule: 'plan.type', path: '/properties/seats' }))
  })

  it('plan.allowed', () => {
    const f = check({ event_name: 'signed_up', properties: { plan: 'enterprise' } })
    expect(f).toContainEqual(expect.objectContaining({ rule: 'plan.allowed', path: '/properties/plan' }))
    expect(f.find((x) => x.rule === 'plan.allowed')?.message).toContain('"free", "pro", "team"')
  })

  it('plan.unplanned-property', () => {
    const f = check({ event_name: 'signed_up', properties: { plan: 'pro', coupon: 'X' } })
    expect(f).toContainEqual(
      expect.objectContaining({
        rule: 'plan.unplanned-property',
        severity: 'warning',
        path: '/properties/coupon',
      }),
    )
  })
})

describe('plan rules beyond the table', () => {
  it('plan.schema reports other JSON Schema keywords', () => {
    const check = checker(SCHEMA_MAP)
    const f = check({ event_name: 'signed_up', properties: { plan: 'pro', seats: 0 } })
    expect(f).toEqual([expect.objectContaining({ rule: 'plan.schema', path: '/properties/seats' })])
  })

  it('supports formats and 2020-12 schemas', () => {
    const check = checker(
      JSON.stringify({
        signed_up: {
          $schema: 'https://json-schema.org/draft/2020-12/schema',
          type: 'object',
          properties: { email: { type: 'string', format: 'email' } },
        },
      }),
    )
    expect(check({ event_name: 'signed_up', properties: { email: 'ada@example.com' } })).toEqual([])
    expect(check({ event_name: 'signed_up', properties: { email: 'nope' } })[0]?.rule).toBe('plan.schema')
  })

  it('does not judge identify or group calls, nor events the spec already rejects', () => {
    const parsed = parsePlan(CSV)
    const { compiled } = compilePlan(parsed)
    expect(compiled!.check({ ...ctx, callType: 'identify' }, { user_id: 'u', traits: {} })).toEqual([])
    expect(compiled!.check(ctx, { event_name: 42 })).toEqual([])
    expect(compiled!.check(ctx, { event_name: 'signed_up', properties: 'x' })).toEqual([])
  })
})

describe('identify and group traits in the plan ($identify, $group)', () => {
  const TRAITS_CSV = `event,property,type,required,allowed values
signed_up,plan,string,yes,free|pro
$identify,user_email,string,yes,
$identify,plan,string,no,free|pro
$group,group_name,string,yes,
$group,seats,integer,no,
`
  const plan = (): ReturnType<typeof compilePlan>['compiled'] => {
    const parsed = parsePlan(TRAITS_CSV)
    expect(parsed.errors).toEqual([])
    return compilePlan(parsed).compiled
  }
  const identify: CallContext = { ...ctx, callType: 'identify' }
  const group: CallContext = { ...ctx, callType: 'group' }

  it('passes traits that follow the plan', () => {
    const c = plan()!
    expect(c.check(identify, { user_id: 'u', traits: { user_email: 'a@b.io', plan: 'pro' } })).toEqual([])
    expect(c.check(group, { group_id: 'g', traits: { group_name: 'Acme', seats: 3 } })).toEqual([])
  })

  it('reports missing, mistyped, disallowed traits with pointers into traits', () => {
    const c = plan()!
    const missing = c.check(identify, { user_id: 'u', traits: { plan: 'pro' } })
    expect(missing).toEqual([
      expect.objectContaining({ rule: 'plan.required', path: '/traits/user_email', severity: 'error' }),
    ])
    expect(missing[0]?.message).toBe(
      '"user_email" is required by the tracking plan for identify calls but missing.',
    )
    expect(c.check(identify, { user_id: 'u', traits: { user_email: 'a@b.io', plan: 'gold' } })).toEqual([
      expect.objectContaining({ rule: 'plan.allowed', path: '/traits/plan' }),
    ])
    expect(c.check(group, { group_id: 'g', traits: { group_name: 'Acme', seats: 'many' } })).toEqual([
      expect.objectContaining({ rule: 'plan.type', path: '/traits/seats' }),
    ])
    // A group call without traits misses the required ones; a non-object is the spec's to report.
    expect(c.check(group, { group_id: 'g' }).map((f) => f.rule)).toEqual(['plan.required'])
    expect(c.check(group, { group_id: 'g', traits: 'x' })).toEqual([])
  })

  it('reads the same entries from a schema map, and keeps them apart from track events', () => {
    const parsed = parsePlan(
      JSON.stringify({
        signed_up: { type: 'object' },
        $identify: {
          type: 'object',
          properties: { user_email: { type: 'string', format: 'email' } },
          required: ['user_email'],
          additionalProperties: false,
        },
      }),
    )
    const c = compilePlan(parsed).compiled!
    expect(c.check(identify, { user_id: 'u', traits: { user_email: 'a@b.io', age: 3 } })).toEqual([
      expect.objectContaining({ rule: 'plan.unplanned-property', path: '/traits/age' }),
    ])
    // No $group entry: group calls are not judged by the plan.
    expect(c.check(group, { group_id: 'g', traits: { anything: 1 } })).toEqual([])
    // A track event called "$identify" is not a planned track event.
    expect(c.check(ctx, { event_name: '$identify', properties: { user_email: 'a@b.io' } })).toEqual([
      expect.objectContaining({ rule: 'plan.unplanned-event', path: '/event_name' }),
    ])
  })
})
