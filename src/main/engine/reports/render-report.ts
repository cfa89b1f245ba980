/** Renders a session's report in one of the formats, with a file name and MIME type for saving it. */
import type { RenderedReport, ReportFormat, SessionDetail } from '../../../shared/contract/sessions'
import { describeExpectation } from '../../../shared/expectation-text'
import type { SessionEvidence } from '../sessions/evidence'
import { htmlReport } from './html-report'
import { junitReport } from './junit-report'
import { markdownReport } from './markdown-report'
import { buildReportData, type ReportData } from './report-data'

const FORMATS: Record<ReportFormat, { ext: string; mimeType: string; render: (d: ReportData) => string }> = {
  html: { ext: 'html', mimeType: 'text/html; charset=utf-8', render: htmlReport },
  md: { ext: 'md', mimeType: 'text/markdown; charset=utf-8', render: markdownReport },
  json: {
    ext: 'json',
    mimeType: 'application/json; charset=utf-8',
    render: (d) => `${JSON.stringify(d, null, 2)}\n`,
  },
  junit: { ext: 'xml', mimeType: 'application/xml; charset=utf-8', render: junitReport },
}

function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'session'
  )
}

export function renderReport(
  session: SessionDetail,
  evidence: SessionEvidence,
  format: ReportFormat,
  toolVersion: string,
  now = Date.now(),
): RenderedReport {
  const f = FORMATS[format]
  const data = buildReportData(session, evidence, (r) => describeExpectation(r.expectation), toolVersion, now)
  return {
    fileName: `track-session-${session.id}-${slug(session.name)}${format === 'junit' ? '.junit' : ''}.${f.ext}`,
    mimeType: f.mimeType,
    content: f.render(data),
  }
}
