import { useState, type FormEvent, type ReactNode } from 'react'
import { useSessionsStore } from '../../stores/sessions-store'
import { fromDrafts, toDraft, type DraftExpectation } from './expectation-draft'
import { ExpectationEditor } from './expectation-editor'

/** Starts a session: who tests what build on which device, and the checklist to verify. */
export function SessionForm(): ReactNode {
  const [name, setName] = useState('')
  const [tester, setTester] = useState('')
  const [appVersion, setAppVersion] = useState('')
  const [device, setDevice] = useState('')
  const [notes, setNotes] = useState('')
  const [drafts, setDrafts] = useState<DraftExpectation[]>([])
  const [problem, setProblem] = useState<string | null>(null)
  const busy = useSessionsStore((s) => s.busy)
  const active = useSessionsStore((s) => s.active)

  const fromPlan = async (): Promise<void> => {
    const planned = await useSessionsStore.getState().planExpectations()
    if (!planned) return
    const have = new Set(drafts.map((d) => `${d.callType}:${d.eventName}`))
    setDrafts([...drafts, ...planned.filter((e) => !have.has(`track:${e.eventName ?? ''}`)).map(toDraft)])
  }

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    if (name.trim() === '') {
      setProblem('Give the session a name, e.g. “Checkout, build 412”.')
      return
    }
    const expectations = fromDrafts(drafts)
    if (typeof expectations === 'string') {
      setProblem(expectations)
      return
    }
    setProblem(null)
    await useSessionsStore.getState().startSession({ name, tester, appVersion, device, notes, expectations })
  }

  return (
    <form className="session-form" onSubmit={(e) => void submit(e)} data-testid="session-form">
      <header className="session-pane-head">
        <h2>New verification session</h2>
        <p className="muted">
          Every call captured while it runs is tagged with it. Walk through the app; the checklist turns green
          as the expected events arrive.
        </p>
      </header>
      <div className="form-grid">
        <label>
          <span>Name</span>
          <input
            className="input"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="Checkout flow, build 412"
            autoFocus
            data-testid="session-name"
          />
        </label>
        <label>
          <span>Tester</span>
          <input
            className="input"
            value={tester}
            onChange={(e) => setTester(e.target.value)}
            placeholder="Your name"
            data-testid="session-tester"
          />
        </label>
        <label>
          <span>App / build version</span>
          <input
            className="input"
            value={appVersion}
            onChange={(e) => setAppVersion(e.target.value)}
            placeholder="4.12.0 (412)"
            data-testid="session-app-version"
          />
        </label>
        <label>
          <span>Device</span>
          <input
            className="input"
            value={device}
            onChange={(e) => setDevice(e.target.value)}
            placeholder="Pixel 8, Chrome 131"
            data-testid="session-device"
          />
        </label>
        <label className="form-wide">
          <span>Notes</span>
          <textarea
            className="input"
            rows={2}
            value={notes}
            onChange={(e) => setNotes(e.target.value)}
            placeholder="What this run covers"
          />
        </label>
      </div>
      <div className="session-form-section">
        <h3>Checklist</h3>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => void fromPlan()}
          data-testid="from-plan"
        >
          Add planned events
        </button>
      </div>
      <ExpectationEditor drafts={drafts} onChange={setDrafts} />
      {problem && (
        <p className="form-problem" role="alert">
          {problem}
        </p>
      )}
      <footer className="session-form-actions">
        {active && <span className="muted">Starting stops “{active.name}”.</span>}
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="start-session">
          Start session
        </button>
      </footer>
    </form>
  )
}
