/** The Markdown report: the same content as the HTML one, for pasting into a ticket or a pull request. */
import type { Verdict } from '../../../shared/contract/sessions'
import { escapeMdCell, escapeMdText, mdCode, mdFence } from './escape'
import { OUTCOME_LABEL, duration, isoTime, type ReportData } from './report-data'

const MARK: Record<Verdict, string> = { met: '✅ met', failed: '❌ failed', pending: '⏳ pending' }

export function markdownReport(data: ReportData): string {
  const s = data.session
  const out: string[] = []
  out.push(`# Track verification: ${escapeMdText(s.name)}`, '')
  out.push(
    `**${OUTCOME_LABEL[data.outcome]}** — ${s.met} of ${s.results.length} expectations met, ${s.failed} failed, ${s.pending} pending.`,
    '',
  )
  out.push('| | |', '|---|---|')
  const rows: [string, string][] = [
    ['Tester', s.tester ?? '—'],
    ['App / build version', s.appVersion ?? '—'],
    ['Device', s.device ?? '—'],
    ['Started', isoTime(s.startedAt)],
    ['Stopped', s.stoppedAt === null ? 'still running' : isoTime(s.stoppedAt)],
    ['Duration', duration(s.startedAt, s.stoppedAt, data.generatedAt)],
    [
      'Events captured',
      `${s.eventCount} (${data.statusCounts.valid} valid, ${data.statusCounts.warnings} with warnings, ${data.statusCounts.invalid} invalid)`,
    ],
  ]
  for (const [k, v] of rows) out.push(`| ${k} | ${escapeMdCell(v)} |`)
  out.push('')
  if (s.prunedEvents > 0)
    out.push(
      `_${s.prunedEvents} of the ${s.eventCount} events this session recorded have since left the log; the verdicts and the evidence quoted here were kept with the session when it stopped._`,
      '',
    )
  if (s.notes) out.push('## Notes', '', escapeMdText(s.notes), '')

  out.push('## Expectations', '')
  if (data.evidence.length === 0) out.push('_This session had no expectations._', '')
  data.evidence.forEach((ev, i) => {
    const r = ev.result
    out.push(`### ${i + 1}. ${MARK[r.verdict]} — ${mdCode(ev.title)}`, '')
    if (r.expectation.description) out.push(`> ${escapeMdText(r.expectation.description)}`, '')
    out.push(escapeMdText(r.reason), '')
    if (r.matchedIds.length > 0) {
      const more = r.matchCount > r.matchedIds.length ? ` and ${r.matchCount - r.matchedIds.length} more` : ''
      out.push(`Matching events: ${r.matchedIds.map((id) => `#${id}`).join(', ')}${more}`, '')
    }
    for (const q of ev.quoted)
      out.push(`Event #${q.id} (${isoTime(q.receivedAt)}, ${q.status}):`, '', mdFence(q.json, 'json'), '')
    for (const m of ev.nearMisses) {
      out.push(`Near miss: event #${m.id} (${isoTime(m.receivedAt)}):`, '')
      for (const reason of m.reasons) out.push(`- ${escapeMdText(reason)}`)
      out.push('', mdFence(m.json, 'json'), '')
    }
  })

  out.push('## Events by name', '')
  if (data.eventNames.length === 0) out.push('_No events were captured during this session._', '')
  else {
    out.push('| Event | Count |', '|---|---:|')
    for (const n of data.eventNames) out.push(`| ${escapeMdCell(n.name)} | ${n.count} |`)
    out.push('')
  }

  out.push('## Findings', '')
  if (data.findings.length === 0) out.push('_The validator found nothing to report._', '')
  else {
    if (data.findings.length < data.findingCount)
      out.push(`_The first ${data.findings.length} of ${data.findingCount} findings, errors first._`, '')
    out.push('| Severity | Event | Rule | Path | Message |', '|---|---|---|---|---|')
    for (const f of data.findings) {
      out.push(
        `| ${f.severity} | #${f.eventId} ${escapeMdCell(f.eventName ?? '')} | ${escapeMdCell(f.rule)} | ${escapeMdCell(f.path || '/')} | ${escapeMdCell(f.message)} |`,
      )
    }
    out.push('')
  }
  out.push(`_Generated ${isoTime(data.generatedAt)} by Track Debugger ${data.toolVersion}._`, '')
  return out.join('\n')
}
