/**
 * JUnit XML for CI systems: one test suite per session, one test case per
 * expectation. A met expectation passes; a failed one is a <failure>; one
 * still pending when the report is taken is a <failure type="pending">, so
 * a CI gate never mistakes "not seen yet" for "passed".
 */
import { escapeXml } from './escape'
import { type ReportData } from './report-data'

export function junitReport(data: ReportData): string {
  const s = data.session
  const suiteName = `Track session: ${s.name}`
  const elapsed = (((s.stoppedAt ?? data.generatedAt) - s.startedAt) / 1000).toFixed(3)
  const cases = data.evidence.map((ev, i) => {
    const r = ev.result
    const name = escapeXml(`${i + 1}. ${ev.title}`)
    const classname = escapeXml(`track-debugger.session-${s.id}`)
    const props = `matching events: ${r.matchCount}${r.matchedIds.length > 0 ? ` (ids ${r.matchedIds.slice(0, 20).join(', ')})` : ''}`
    if (r.verdict === 'met') {
      return `    <testcase name="${name}" classname="${classname}">\n      <system-out>${escapeXml(props)}</system-out>\n    </testcase>`
    }
    const detail = [
      r.reason,
      props,
      ...r.nearMisses.slice(0, 10).map((m) => `event #${m.eventId}: ${m.reasons.join('; ')}`),
    ].join('\n')
    const type = r.verdict === 'pending' ? 'pending' : 'unmet'
    return `    <testcase name="${name}" classname="${classname}">\n      <failure message="${escapeXml(r.reason)}" type="${type}">${escapeXml(detail)}</failure>\n    </testcase>`
  })
  const failures = s.results.filter((r) => r.verdict !== 'met').length
  const findingErrors = data.findings.filter((f) => f.severity === 'error').length
  const properties = [
    ['session.id', String(s.id)],
    ['tester', s.tester ?? ''],
    ['app.version', s.appVersion ?? ''],
    ['device', s.device ?? ''],
    ['events', String(s.eventCount)],
    ['events.invalid', String(data.statusCounts.invalid)],
    ['findings.errors', String(findingErrors)],
  ]
    .map(([k, v]) => `      <property name="${escapeXml(k ?? '')}" value="${escapeXml(v ?? '')}"/>`)
    .join('\n')
  const timestamp = new Date(s.startedAt).toISOString().replace(/\.\d{3}Z$/, '')
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXml(suiteName)}" tests="${cases.length}" failures="${failures}" errors="0" time="${elapsed}">`,
    `  <testsuite name="${escapeXml(suiteName)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0" time="${elapsed}" timestamp="${timestamp}">`,
    '    <properties>',
    properties,
    '    </properties>',
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n')
}
