import { describe, expect, it } from 'vitest'
import type { SessionDetail } from '../../../src/shared/contract/sessions'
import { renderReport } from '../../../src/main/engine/reports/render-report'
import { normalizeExpectations } from '../../../src/main/engine/sessions/expectations'
import type { SessionEvent } from '../../../src/main/engine/sessions/session-event'
import { collectEvidence, type EvidenceSource } from '../../../src/main/engine/sessions/evidence'
import { evaluate, tally } from '../../../src/main/engine/sessions/verdicts'
import { findAll, parseXml } from '../../helpers/tiny-xml'

const HOSTILE = `<script>alert("x")</script> & ]]> \u0001 "quoted" 'single'`

function event(
  id: number,
  name: string,
  properties: Record<string, unknown>,
  findings: SessionEvent['findings'] = [],
): SessionEvent {
  return {
    id,
    receivedAt: Date.UTC(2026, 0, 2, 10, 0, id),
    callType: 'track',
    eventName: name,
    userId: 'u1',
    status: findings.some((f) => f.severity === 'error') ? 'invalid' : findings.length ? 'warnings' : 'valid',
    findings,
    json: JSON.stringify({ event_name: name, properties }),
  }
}

const events: SessionEvent[] = [
  event(1, 'signed_up', { plan: 'pro', note: HOSTILE }),
  event(2, 'signed_up', { plan: 'free' }, [
    {
      severity: 'warning',
      path: '/timestamp',
      rule: 'timestamp.format',
      message: `Timestamp is odd ${HOSTILE}`,
    },
  ]),
  event(3, 'checkout_completed', { total: 10 }, [
    { severity: 'error', path: '/properties/total', rule: 'plan.type', message: 'total must be a string' },
  ]),
]

function session(running: boolean): SessionDetail {
  const expectations = normalizeExpectations([
    {
      id: 'signup',
      eventName: 'signed_up',
      conditions: [{ path: 'properties.plan', op: 'equals', value: 'pro' }],
      description: `Step 1 ${HOSTILE}`,
    },
    { id: 'checkout', eventName: 'checkout_completed', count: { mode: 'exactly', n: 1 } },
    { id: 'refund', eventName: 'refund_requested' },
  ])
  const results = evaluate(expectations, events, running)
  const t = tally(results)
  return {
    id: 7,
    name: `Release check ${HOSTILE}`,
    tester: 'Grace',
    appVersion: '4.12.0',
    device: 'Pixel 8',
    notes: `Notes ${HOSTILE}`,
    startedAt: Date.UTC(2026, 0, 2, 10, 0, 0),
    stoppedAt: running ? null : Date.UTC(2026, 0, 2, 10, 5, 0),
    eventCount: events.length,
    prunedEvents: 0,
    expectationCount: expectations.length,
    ...t,
    results,
    passed: t.met === results.length,
  }
}

const NOW = Date.UTC(2026, 0, 2, 10, 6, 0)

/** The evidence source the engine reads from SQL, built here from events in memory. */
function sourceOfEvents(events: readonly SessionEvent[]): EvidenceSource {
  return {
    rowsAfter: (afterId, limit) =>
      events
        .filter((e) => e.id > afterId)
        .slice(0, limit)
        .map((e) => ({ ...e, findingCount: e.findings.length, findings: () => e.findings })),
    load: (ids) => events.filter((e) => ids.includes(e.id)),
  }
}

const evidence = (running: boolean) => collectEvidence(session(running).results, sourceOfEvents(events))

describe('JUnit report', () => {
  it('parses back as well-formed XML with one test case per expectation', async () => {
    const r = renderReport(session(false), await evidence(false), 'junit', '1.2.3', NOW)
    expect(r.fileName).toBe('track-session-7-release-check-script-alert-x-script-quoted-single.junit.xml')
    const root = parseXml(r.content)
    expect(root.name).toBe('testsuites')
    expect(root.attrs['tests']).toBe('3')
    expect(root.attrs['failures']).toBe('1')
    const [suite] = findAll(root, 'testsuite')
    expect(suite?.attrs['name']).toBe(
      `Track session: Release check <script>alert("x")</script> & ]]>  "quoted" 'single'`,
    )
    expect(suite?.attrs['time']).toBe('300.000')
    const cases = findAll(root, 'testcase')
    expect(cases.map((c) => c.attrs['name'])).toEqual([
      '1. signed_up where properties.plan = "pro"',
      '2. checkout_completed exactly 1×',
      '3. refund_requested',
    ])
    expect(cases.map((c) => findAll(c, 'failure').length)).toEqual([0, 0, 1])
    const failure = findAll(cases[2] as never, 'failure')[0]
    expect(failure?.attrs['type']).toBe('unmet')
    expect(failure?.attrs['message']).toContain('0 matching events')
    const props = Object.fromEntries(
      findAll(root, 'property').map((p) => [p.attrs['name'], p.attrs['value']]),
    )
    expect(props).toMatchObject({
      'session.id': '7',
      tester: 'Grace',
      events: '3',
      'events.invalid': '1',
      'findings.errors': '1',
    })
  })

  it('reports a pending expectation as a failure of type pending, never a pass', async () => {
    const root = parseXml(renderReport(session(true), await evidence(true), 'junit', '1.2.3', NOW).content)
    const failures = findAll(root, 'failure')
    expect(failures.map((f) => f.attrs['type'])).toEqual(['pending'])
  })
})

describe('HTML report', () => {
  it('is self-contained, escapes captured values, and shows summary, evidence and findings', async () => {
    const { content, mimeType } = renderReport(session(false), await evidence(false), 'html', '1.2.3', NOW)
    expect(mimeType).toContain('text/html')
    expect(content).not.toMatch(/<script/i)
    expect(content).not.toMatch(/(src|href)=["']?https?:/i)
    expect(content).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;')
    expect(content).toContain('data-outcome="failed"')
    expect(content).toContain('2 of 3 expectations met')
    expect(content).toMatch(/<section class="exp" data-verdict="met" id="exp-signup">/)
    expect(content).toMatch(/data-verdict="failed" id="exp-refund"/)
    // Evidence: the matching event quoted, and the near miss with its reason.
    expect(content).toContain('Evidence: event #1')
    expect(content).toContain('Near miss, event #2')
    expect(content).toContain('properties.plan is &#34;free&#34;, expected &#34;pro&#34;')
    // Every finding, with the session's metadata.
    expect(content).toContain('total must be a string')
    expect(content).toContain('timestamp.format')
    expect(content).toContain('Pixel 8')
    expect(content).toContain('5 min 0 s')
  })
})

describe('Markdown report', () => {
  it('carries the outcome, a section per expectation and the findings table', async () => {
    const { content } = renderReport(session(false), await evidence(false), 'md', '1.2.3', NOW)
    expect(content).toMatch(/^# Track verification: Release check/)
    expect(content).toContain('**FAILED** — 2 of 3 expectations met, 1 failed, 0 pending.')
    expect(content).toContain('### 1. ✅ met — `signed_up where properties.plan = "pro"`')
    expect(content).toContain('### 3. ❌ failed — `refund_requested`')
    expect(content).toContain(
      '| error | #3 checkout_completed | plan.type | /properties/total | total must be a string |',
    )
    expect(content).toContain('"plan": "pro"')
    // A pipe in a value cannot break a table row.
    const rows = content.split('\n').filter((l) => l.startsWith('| warning'))
    expect(rows).toHaveLength(1)
  })
})

describe('JSON report', () => {
  it('is the report data, parseable, with verdicts and evidence', async () => {
    const { content } = renderReport(session(false), await evidence(false), 'json', '1.2.3', NOW)
    const data = JSON.parse(content) as {
      outcome: string
      session: { id: number; results: { verdict: string; matchedIds: number[] }[] }
      evidence: { quoted: { id: number }[] }[]
      findings: { rule: string; eventId: number }[]
      statusCounts: Record<string, number>
    }
    expect(data.outcome).toBe('failed')
    expect(data.session.results.map((r) => r.verdict)).toEqual(['met', 'met', 'failed'])
    expect(data.session.results[0]?.matchedIds).toEqual([1])
    expect(data.evidence[1]?.quoted.map((q) => q.id)).toEqual([3])
    expect(data.findings.map((f) => f.rule)).toEqual(['plan.type', 'timestamp.format'])
    expect(data.statusCounts).toEqual({ valid: 1, warnings: 1, invalid: 1, unchecked: 0 })
  })
})

describe('the XML check itself', () => {
  it('rejects what a JUnit consumer would reject', () => {
    expect(() => parseXml('<a><b></a>')).toThrow()
    expect(() => parseXml('<a>x < y</a>')).toThrow()
    expect(() => parseXml('<a>Tom & Jerry</a>')).toThrow()
    expect(() => parseXml('<a x="1" x="2"/>')).toThrow()
    expect(() => parseXml('<a>')).toThrow()
    expect(parseXml('<a x="&lt;&amp;"><b>t &gt; u</b></a>').children[0]?.text).toBe('t > u')
  })
})
