/**
 * The HTML report: one self-contained file (inline CSS, no scripts, no
 * external requests) that someone who never saw the app can read: the
 * outcome first, then each expectation with the events that prove it, then
 * every finding. Every captured value is escaped: it came from an untrusted
 * caller.
 */
import type { Verdict } from '../../../shared/contract/sessions'
import { escapeHtml as h } from './escape'
import { OUTCOME_LABEL, duration, isoTime, type QuotedEvent, type ReportData } from './report-data'

const VERDICT_LABEL: Record<Verdict, string> = { met: 'Met', failed: 'Failed', pending: 'Pending' }

const CSS = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1d2127;--muted:#5f6873;--line:#e3e6ea;--inset:#f6f7f9;
--ok:#17803d;--ok-bg:#dcf5e3;--bad:#c8262e;--bad-bg:#fde4e4;--warn:#9a6200;--warn-bg:#fdf1c7;--info:#1f5fd1;--info-bg:#e3ecfd}
@media (prefers-color-scheme:dark){:root{--bg:#1a1c20;--fg:#e4e7eb;--muted:#a2abb6;--line:#31353c;--inset:#222429;
--ok:#4ccf78;--ok-bg:#173524;--bad:#ff7b7b;--bad-bg:#431d20;--warn:#e9b949;--warn-bg:#3a2f12;--info:#7fb0ff;--info-bg:#1f3150}}
*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif}
main{max-width:980px;margin:0 auto;padding:32px 24px 64px}h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:36px 0 12px;border-bottom:1px solid var(--line);padding-bottom:6px}
.sub{color:var(--muted);margin:0 0 20px}.outcome{display:flex;gap:16px;align-items:center;padding:16px 20px;border-radius:10px;margin-bottom:20px}
.outcome.passed{background:var(--ok-bg);color:var(--ok)}.outcome.failed{background:var(--bad-bg);color:var(--bad)}.outcome.running{background:var(--warn-bg);color:var(--warn)}
.outcome strong{font-size:20px;letter-spacing:.04em}.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(140px,1fr));gap:10px;margin-bottom:16px}
.tile{border:1px solid var(--line);border-radius:8px;padding:10px 12px}.tile b{display:block;font-size:20px}.tile span{color:var(--muted);font-size:12px}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}th{color:var(--muted);font-weight:600;font-size:12px}
.meta th{width:180px}.exp{border:1px solid var(--line);border-radius:10px;margin:12px 0;overflow:hidden}
.exp>header{display:flex;gap:10px;align-items:baseline;padding:10px 14px;background:var(--inset)}.exp .body{padding:10px 14px}
.badge{display:inline-block;border-radius:999px;padding:1px 9px;font-size:12px;font-weight:600;white-space:nowrap}
.met{background:var(--ok-bg);color:var(--ok)}.failed{background:var(--bad-bg);color:var(--bad)}.pending{background:var(--warn-bg);color:var(--warn)}
.error{background:var(--bad-bg);color:var(--bad)}.warning{background:var(--warn-bg);color:var(--warn)}.info{background:var(--info-bg);color:var(--info)}
code,pre{font:12.5px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}pre{background:var(--inset);border:1px solid var(--line);border-radius:6px;padding:10px;overflow:auto;max-height:360px;margin:6px 0 10px}
details{margin:6px 0}summary{cursor:pointer;color:var(--muted)}ul.reasons{margin:4px 0 8px;padding-left:20px;color:var(--bad)}.muted{color:var(--muted)}
footer{margin-top:40px;color:var(--muted);font-size:12px}@media print{pre{max-height:none}details{display:block}}
`

function quoted(q: QuotedEvent, label: string): string {
  return `<details${label === 'Evidence' ? ' open' : ''}><summary>${h(label)}: event #${q.id} · ${h(q.eventName ?? '')} · ${h(isoTime(q.receivedAt))} · ${h(q.status)}</summary><pre>${h(q.json)}</pre></details>`
}

export function htmlReport(data: ReportData): string {
  const s = data.session
  const meta: [string, string][] = [
    ['Tester', s.tester ?? '—'],
    ['App / build version', s.appVersion ?? '—'],
    ['Device', s.device ?? '—'],
    ['Started', isoTime(s.startedAt)],
    ['Stopped', s.stoppedAt === null ? 'still running when this report was taken' : isoTime(s.stoppedAt)],
    ['Duration', duration(s.startedAt, s.stoppedAt, data.generatedAt)],
  ]
  const expectations =
    data.evidence.length === 0
      ? '<p class="muted">This session had no expectations.</p>'
      : data.evidence
          .map((ev, i) => {
            const r = ev.result
            const more =
              r.matchCount > r.matchedIds.length ? ` and ${r.matchCount - r.matchedIds.length} more` : ''
            const ids =
              r.matchedIds.length > 0
                ? `<p>Matching events: ${r.matchedIds.map((id) => `#${id}`).join(', ')}${more}</p>`
                : ''
            const misses = ev.nearMisses
              .map(
                (m) =>
                  `<p>Near miss, event #${m.id}:</p><ul class="reasons">${m.reasons.map((x) => `<li>${h(x)}</li>`).join('')}</ul>${quoted(m, 'Near miss')}`,
              )
              .join('')
            return `<section class="exp" data-verdict="${r.verdict}" id="exp-${h(r.expectation.id)}">
<header><span class="badge ${r.verdict}">${VERDICT_LABEL[r.verdict]}</span><strong>${i + 1}. ${h(ev.title)}</strong></header>
<div class="body">${r.expectation.description ? `<p><em>${h(r.expectation.description)}</em></p>` : ''}<p>${h(r.reason)}</p>${ids}${ev.quoted.map((q) => quoted(q, 'Evidence')).join('')}${misses}</div></section>`
          })
          .join('\n')
  const names =
    data.eventNames.length === 0
      ? '<p class="muted">No events were captured during this session.</p>'
      : `<table><thead><tr><th>Event</th><th>Count</th></tr></thead><tbody>${data.eventNames
          .map((n) => `<tr><td><code>${h(n.name)}</code></td><td>${n.count}</td></tr>`)
          .join('')}</tbody></table>`
  const listedOnly =
    data.findings.length < data.findingCount
      ? `<p class="muted">The first ${data.findings.length} of ${data.findingCount} findings, errors first.</p>`
      : ''
  const findings =
    data.findings.length === 0
      ? '<p class="muted">The validator found nothing to report.</p>'
      : `${listedOnly}<table><thead><tr><th>Severity</th><th>Event</th><th>Rule</th><th>Path</th><th>Message</th></tr></thead><tbody>${data.findings
          .map(
            (f) =>
              `<tr><td><span class="badge ${f.severity}">${h(f.severity)}</span></td><td>#${f.eventId} <code>${h(f.eventName ?? '')}</code></td><td><code>${h(f.rule)}</code></td><td><code>${h(f.path || '/')}</code></td><td>${h(f.message)}</td></tr>`,
          )
          .join('')}</tbody></table>`
  const c = data.statusCounts
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Track verification: ${h(s.name)} — ${OUTCOME_LABEL[data.outcome]}</title><style>${CSS}</style></head>
<body><main>
<h1>Track verification: ${h(s.name)}</h1>
<p class="sub">A record of the analytics events an app sent while it was tested, checked against what it was expected to send.</p>
<div class="outcome ${data.outcome}" data-outcome="${data.outcome}"><strong>${OUTCOME_LABEL[data.outcome]}</strong><span>${s.met} of ${s.results.length} expectations met · ${s.failed} failed · ${s.pending} pending</span></div>
<div class="tiles"><div class="tile"><b>${s.eventCount}</b><span>events captured</span></div><div class="tile"><b>${c.valid}</b><span>valid</span></div><div class="tile"><b>${c.warnings}</b><span>with warnings</span></div><div class="tile"><b>${c.invalid}</b><span>invalid</span></div><div class="tile"><b>${data.findingCount}</b><span>findings</span></div></div>
${s.prunedEvents > 0 ? `<p class="muted">${s.prunedEvents} of the ${s.eventCount} events this session recorded have since left the log; the verdicts and the evidence quoted here were kept with the session when it stopped.</p>` : ''}
<table class="meta"><tbody>${meta.map(([k, v]) => `<tr><th>${h(k)}</th><td>${h(v)}</td></tr>`).join('')}</tbody></table>
${s.notes ? `<h2>Notes</h2><p style="white-space:pre-wrap">${h(s.notes)}</p>` : ''}
<h2>Expectations</h2>
${expectations}
<h2>Events by name</h2>
${names}
<h2>Findings</h2>
${findings}
<footer>Generated ${h(isoTime(data.generatedAt))} by Track Debugger ${h(data.toolVersion)}. Event numbers (#) refer to rows of the debugger’s log.</footer>
</main></body></html>
`
}
