import { useState, type ReactNode } from 'react'
import { REPORT_FORMATS, type ReportFormat, type SessionDetail } from '../../../../shared/contract/sessions'
import { toInputs, useSessionsStore } from '../../stores/sessions-store'
import { useStreamStore } from '../../stores/stream-store'
import { useViewStore } from '../../stores/view-store'
import { ConfirmDialog } from '../common/confirm-dialog'
import { Checklist } from './checklist'
import { fromDrafts, toDraft, type DraftExpectation } from './expectation-draft'
import { ExpectationEditor } from './expectation-editor'
import { formatDuration, formatTime } from './session-format'

/** The stream's filter language takes `session:<id>`: the whole filter becomes that, so nothing else hides the calls. */
function showInStream(id: number): void {
  useStreamStore.getState().showOnly(`session:${id}`)
  useViewStore.getState().show('stream')
}

const REPORT_LABEL: Record<ReportFormat, string> = {
  html: 'HTML',
  md: 'Markdown',
  json: 'JSON',
  junit: 'JUnit XML',
}

function Outcome({ detail }: { detail: SessionDetail }): ReactNode {
  const total = detail.results.length
  const running = detail.stoppedAt === null
  const state = detail.passed ? 'passed' : !running || detail.failed > 0 ? 'failed' : 'running'
  const label = detail.passed ? 'All expectations met' : state === 'failed' ? 'Not verified' : 'In progress'
  if (total === 0) return null
  return (
    <div className={`session-outcome outcome-${state}`} data-testid="session-outcome" data-outcome={state}>
      <strong>{label}</strong>
      <span>
        {detail.met} of {total} met · {detail.failed} failed · {detail.pending} pending
      </span>
      <span className="outcome-bar" aria-hidden="true">
        <span className="outcome-met" style={{ flexGrow: detail.met }} />
        <span className="outcome-failed" style={{ flexGrow: detail.failed }} />
        <span className="outcome-pending" style={{ flexGrow: detail.pending }} />
      </span>
    </div>
  )
}

/** One session: who, what, when; its live checklist; stop, edit, report, delete. */
export function SessionDetailPane({ detail }: { detail: SessionDetail }): ReactNode {
  const busy = useSessionsStore((s) => s.busy)
  const [editing, setEditing] = useState<DraftExpectation[] | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [confirmDelete, setConfirmDelete] = useState(false)
  const store = useSessionsStore.getState()
  const running = detail.stoppedAt === null

  const save = async (): Promise<void> => {
    if (!editing) return
    const inputs = fromDrafts(editing)
    if (typeof inputs === 'string') {
      setProblem(inputs)
      return
    }
    setProblem(null)
    if (await store.saveExpectations(detail.id, inputs)) setEditing(null)
  }

  const meta: [string, string | null][] = [
    ['Tester', detail.tester],
    ['Build', detail.appVersion],
    ['Device', detail.device],
    ['Started', formatTime(detail.startedAt)],
    [running ? 'Running for' : 'Lasted', formatDuration(detail.startedAt, detail.stoppedAt)],
    ['Events', String(detail.eventCount)],
  ]

  return (
    <section className="session-detail" data-testid="session-detail" data-session-id={detail.id}>
      <header className="session-pane-head">
        <div className="session-title-row">
          <h2 data-testid="session-title">{detail.name}</h2>
          <span
            className={`session-state ${running ? 'is-running' : 'is-stopped'}`}
            data-testid="session-state"
          >
            {running ? 'Recording' : 'Stopped'}
          </span>
          <span className="toolbar-spacer" />
          <button
            type="button"
            className="btn"
            onClick={() => showInStream(detail.id)}
            data-testid="session-in-stream"
          >
            Show in stream
          </button>
          {running && (
            <button
              type="button"
              className="btn btn-primary"
              disabled={busy}
              onClick={() => void store.stopSession(detail.id)}
              data-testid="stop-session"
            >
              Stop session
            </button>
          )}
        </div>
        <dl className="session-meta">
          {meta
            .filter(([, v]) => v !== null)
            .map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
        </dl>
        {detail.notes && <p className="session-notes">{detail.notes}</p>}
      </header>

      <Outcome detail={detail} />
      {detail.prunedEvents > 0 && (
        <p className="session-pruned" role="note" data-testid="session-pruned">
          {detail.prunedEvents === detail.eventCount ? 'All' : `${detail.prunedEvents} of the`}{' '}
          {detail.eventCount} events this session recorded have since left the log (retention or a clear). The
          verdicts below and the evidence in its reports were kept with the session when it stopped.
        </p>
      )}

      <div className="session-section-head">
        <h3>Checklist</h3>
        <span className="toolbar-spacer" />
        {!running ? (
          <span className="muted" data-testid="checklist-final">
            Final: judged when the session stopped
          </span>
        ) : editing === null ? (
          <button
            type="button"
            className="btn btn-small"
            onClick={() => setEditing(toInputs(detail).map(toDraft))}
            data-testid="edit-checklist"
          >
            Edit checklist
          </button>
        ) : (
          <>
            <button type="button" className="btn btn-small btn-ghost" onClick={() => setEditing(null)}>
              Cancel
            </button>
            <button
              type="button"
              className="btn btn-small btn-primary"
              disabled={busy}
              onClick={() => void save()}
              data-testid="save-checklist"
            >
              Save checklist
            </button>
          </>
        )}
      </div>
      {editing === null ? (
        <Checklist results={detail.results} />
      ) : (
        <>
          <ExpectationEditor drafts={editing} onChange={setEditing} />
          {problem && (
            <p className="form-problem" role="alert">
              {problem}
            </p>
          )}
        </>
      )}

      <div className="session-section-head">
        <h3>Report</h3>
      </div>
      <div className="report-actions">
        <span className="muted">
          {running ? 'Pending expectations are reported as not met.' : 'Download the report to hand over:'}
        </span>
        {REPORT_FORMATS.map((f) => (
          <button
            key={f}
            type="button"
            className="btn btn-small"
            disabled={busy}
            onClick={() => void store.downloadReport(detail.id, f)}
            data-testid={`report-${f}`}
          >
            {REPORT_LABEL[f]}
          </button>
        ))}
        <span className="toolbar-spacer" />
        <button
          type="button"
          className="btn btn-small btn-ghost danger-text"
          onClick={() => setConfirmDelete(true)}
          data-testid="delete-session"
        >
          Delete session
        </button>
      </div>
      <ConfirmDialog
        open={confirmDelete}
        title={`Delete “${detail.name}”?`}
        confirmLabel="Delete session"
        danger
        onConfirm={() => {
          setConfirmDelete(false)
          void store.deleteSession(detail.id)
        }}
        onCancel={() => setConfirmDelete(false)}
      >
        The session and its checklist go; the events it recorded stay in the log.
      </ConfirmDialog>
    </section>
  )
}
