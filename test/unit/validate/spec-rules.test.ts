/**
 * One case per spec rule: a call that breaks exactly that rule, checked
 * through the same parse path the capture server uses. Removing a rule
 * makes its case fail; the clean SDK-shaped call proves no rule fires on
 * valid input.
 */
import { describe, expect, it } from 'vitest'
import { parseCall } from '../../../src/main/engine/capture/parse-call'
import { RULES } from '../../../src/main/engine/validate/rule-catalog'
import { specValidator } from '../../../src/main/engine/validate/spec-validator'
import type { CallType, Finding } from '../../../src/shared/model'
import { trackEvent } from '../../helpers/track-event'

const NOW = Date.parse('2025-09-22T11:04:05.123Z')

function sdkEvent(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return trackEvent('signed_up', {
    properties: { plan: 'pro' },
    timestamp: '2025-09-22T11:04:00.000Z',
    ...extra,
  })
}

function without(obj: Record<string, unknown>, ...keys: string[]): Record<string, unknown> {
  const copy = { ...obj }
  for (const k of keys) delete copy[k]
  return copy
}

function check(
  callType: CallType,
  body: string | Buffer,
  contentType: string | null = 'application/json',
): Finding[] {
  const parsed = parseCall(
    callType,
    Buffer.isBuffer(body) ? body : Buffer.from(body),
    NOW,
    specValidator,
    contentType,
  )
  return [...parsed.requestFindings, ...parsed.events.flatMap((e) => e.findings)]
}

const json = (v: unknown): string => JSON.stringify(v)

interface Case {
  rule: string
  callType?: CallType
  body: string | Buffer
  contentType?: string | null
  path?: string
  severity?: Finding['severity']
}

const CASES: Case[] = [
  { rule: 'body.empty', body: '' },
  { rule: 'body.utf8', body: Buffer.from([0x5b, 0xff, 0xfe, 0x5d]) },
  { rule: 'body.bom', body: `\uFEFF${json([sdkEvent()])}`, severity: 'warning' },
  { rule: 'json.syntax', body: '[{"event_name": "x",' },
  { rule: 'json.depth', body: `${'['.repeat(300)}${']'.repeat(300)}` },
  {
    rule: 'json.duplicate-key',
    body: '[{"event_name":"a","user_id":"u","user_id":"v","timestamp":"2025-09-22T11:04:00Z"}]',
    path: '/user_id',
  },
  {
    rule: 'json.unsafe-integer',
    body: '[{"event_name":"a","user_id":"u","properties":{"n":12345678901234567890},"timestamp":"2025-09-22T11:04:00Z"}]',
    path: '/properties/n',
  },
  {
    rule: 'http.content-type',
    body: json([sdkEvent()]),
    contentType: 'application/x-www-form-urlencoded',
    severity: 'warning',
  },
  { rule: 'body.shape', body: '"just a string"' },
  { rule: 'body.single-object', body: json(sdkEvent()), severity: 'info' },
  { rule: 'body.empty-array', body: '[]' },
  { rule: 'body.too-many-events', body: json(Array.from({ length: 1001 }, () => sdkEvent())) },
  { rule: 'body.too-large', body: json([sdkEvent({ properties: { blob: 'x'.repeat(2 * 1024 * 1024) } })]) },
  { rule: 'event.not-object', body: '[42]', path: '' },
  { rule: 'event_name.required', body: json([sdkEvent({ event_name: '' })]), path: '/event_name' },
  { rule: 'event_name.required', body: json([without(sdkEvent(), 'event_name')]), path: '/event_name' },
  {
    rule: 'event_name.legacy-field',
    body: json([{ ...without(sdkEvent(), 'event_name'), event: 'signed_up' }]),
    path: '/event',
    severity: 'warning',
  },
  { rule: 'user_id.type', body: json([sdkEvent({ user_id: 42 })]), path: '/user_id' },
  {
    rule: 'user_id.anonymous-no-device',
    body: json([sdkEvent({ user_id: '', context: { source: 'product' } })]),
    severity: 'warning',
  },
  {
    rule: 'user_id.anonymous-no-device',
    body: json([without(sdkEvent({ context: {} }), 'user_id')]),
    path: '',
  },
  {
    rule: 'user_id.required',
    callType: 'identify',
    body: json([{ traits: { user_email: 'a@b.c' }, timestamp: '2025-09-22T11:04:00Z' }]),
    path: '/user_id',
  },
  {
    rule: 'traits.required',
    callType: 'identify',
    body: json([{ user_id: 'u1', timestamp: '2025-09-22T11:04:00Z' }]),
    path: '/traits',
  },
  {
    rule: 'traits.required',
    callType: 'group',
    body: json([{ group_id: 'g1', timestamp: '2025-09-22T11:04:00Z' }]),
    path: '/traits',
  },
  {
    rule: 'group_id.required',
    callType: 'group',
    body: json([{ traits: {}, timestamp: '2025-09-22T11:04:00Z' }]),
    path: '/group_id',
  },
  { rule: 'field.not-object', body: json([sdkEvent({ properties: [1, 2] })]), path: '/properties' },
  { rule: 'field.not-object', body: json([sdkEvent({ context: 'web' })]), path: '/context' },
  {
    rule: 'field.not-object',
    callType: 'identify',
    body: json([{ user_id: 'u', traits: 'x', timestamp: '2025-09-22T11:04:00Z' }]),
    path: '/traits',
  },
  {
    rule: 'context.field-type',
    body: json([sdkEvent({ context: { device_id: 5 } })]),
    path: '/context/device_id',
  },
  {
    rule: 'context.field-type',
    body: json([sdkEvent({ context: { device_id: 'd', source: ['product'] } })]),
    path: '/context/source',
  },
  { rule: 'timestamp.missing', body: json([without(sdkEvent(), 'timestamp')]), severity: 'warning' },
  {
    rule: 'timestamp.format',
    body: json([sdkEvent({ timestamp: '20-11-23T22:28:55.111Z' })]),
    path: '/timestamp',
  },
  {
    rule: 'timestamp.format',
    body: json([sdkEvent({ timestamp: '2025-09-22T11:04:05' })]),
    path: '/timestamp',
  },
  { rule: 'timestamp.format', body: json([sdkEvent({ timestamp: 1758539045123 })]), path: '/timestamp' },
  {
    rule: 'timestamp.format',
    body: json([sdkEvent({ timestamp: '2025-02-30T11:04:05Z' })]),
    path: '/timestamp',
  },
  {
    rule: 'timestamp.skew',
    body: json([sdkEvent({ timestamp: '2025-09-20T11:04:05.123Z' })]),
    severity: 'warning',
  },
  { rule: 'timestamp.skew', body: json([sdkEvent({ timestamp: '2025-09-23T13:05:05.123+01:00' })]) },
  {
    rule: 'field.unknown',
    body: json([sdkEvent({ anonymous_id: 'a1' })]),
    path: '/anonymous_id',
    severity: 'warning',
  },
]

describe('spec rules', () => {
  it('an SDK-shaped track, identify and group call has no findings at all', () => {
    expect(check('track', json([sdkEvent(), sdkEvent({ event_name: 'page_visit' })]))).toEqual([])
    expect(
      check(
        'identify',
        json([{ user_id: 'u1', traits: { user_email: 'a@b.c' }, timestamp: '2025-09-22T11:04:00Z' }]),
      ),
    ).toEqual([])
    expect(
      check(
        'group',
        json([
          {
            group_id: 'g',
            user_id: 'u',
            traits: { group_type: 'account' },
            timestamp: '2025-09-22T12:00:00+01:00',
          },
        ]),
      ),
    ).toEqual([])
    // Anonymous visitors with a device id are fine.
    expect(check('track', json([sdkEvent({ user_id: '' })]))).toEqual([])
  })

  it.each(CASES.map((c, i) => [`${c.rule} #${i}`, c] as const))('%s', (_name, c) => {
    const findings = check(
      c.callType ?? 'track',
      c.body,
      c.contentType === undefined ? 'application/json' : c.contentType,
    )
    const hit = findings.find((f) => f.rule === c.rule)
    expect(hit, `expected ${c.rule} among ${JSON.stringify(findings.map((f) => f.rule))}`).toBeDefined()
    if (c.path !== undefined) expect(hit?.path).toBe(c.path)
    if (c.severity) expect(hit?.severity).toBe(c.severity)
    expect(hit?.message.length).toBeGreaterThan(10)
    // Every rule a finding names is in the catalogue the UI filters on.
    for (const f of findings) expect(RULES.map((r) => r.id)).toContain(f.rule)
  })

  it('accepts text/plain beacons with only an info finding, and notes a missing Content-Type', () => {
    const plain = check('track', json([sdkEvent()]), 'text/plain;charset=UTF-8')
    expect(plain).toEqual([expect.objectContaining({ rule: 'http.content-type', severity: 'info' })])
    const none = check('track', json([sdkEvent()]), null)
    expect(none).toEqual([expect.objectContaining({ rule: 'http.content-type', severity: 'warning' })])
  })

  it('points duplicate keys and big integers at nested places', () => {
    const f = check(
      'track',
      '[{"event_name":"a","user_id":"u","timestamp":"2025-09-22T11:04:00Z","properties":{"list":[1,{"k":1,"k":2}],"a/b":90071992547409931}}]',
    )
    expect(f.find((x) => x.rule === 'json.duplicate-key')?.path).toBe('/properties/list/1/k')
    expect(f.find((x) => x.rule === 'json.unsafe-integer')?.path).toBe('/properties/a~1b')
    const numbers = check(
      'track',
      '[{"event_name":"a","user_id":"u","timestamp":"2025-09-22T11:04:00Z","properties":{"neg":-12345678901234567890,"float":1.2345678901234567e25,"safe":9007199254740991,"esc\\"key":1,"esc\\"key":2}}]',
    )
    expect(numbers.filter((x) => x.rule === 'json.unsafe-integer').map((x) => x.path)).toEqual([
      '/properties/neg',
    ])
    expect(numbers.find((x) => x.rule === 'json.duplicate-key')?.path).toBe('/properties/esc"key')
  })

  it('keeps the catalogue ids unique', () => {
    const ids = RULES.map((r) => r.id)
    expect(new Set(ids).size).toBe(ids.length)
  })
})
