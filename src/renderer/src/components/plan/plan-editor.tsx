import { useRef, type ChangeEvent, type ReactNode } from 'react'
import type { PlanFormat } from '../../../../shared/contract/validation'
import { usePlanStore } from '../../stores/plan-store'

const FORMATS: { value: PlanFormat | ''; label: string }[] = [
  { value: '', label: 'Detect format' },
  { value: 'csv', label: 'CSV rows' },
  { value: 'rows-json', label: 'JSON rows' },
  { value: 'schema-map', label: 'JSON Schema map' },
]

const EXAMPLE = `event,property,type,required,allowed values
signed_up,plan,string,yes,free|pro|team
signed_up,email,string,yes,
signed_up,name,string,no,
page_visit,page_url,string,yes,
page_visit,page_title,string,no,
`

/** Plans are small; anything past this is almost certainly the wrong file. */
const MAX_FILE_BYTES = 4 * 1024 * 1024

export function PlanEditor(): ReactNode {
  const draft = usePlanStore((s) => s.draft)
  const format = usePlanStore((s) => s.format)
  const plan = usePlanStore((s) => s.plan)
  const check = usePlanStore((s) => s.check)
  const checking = usePlanStore((s) => s.checking)
  const saving = usePlanStore((s) => s.saving)
  const notice = usePlanStore((s) => s.notice)
  const setDraft = usePlanStore((s) => s.setDraft)
  const setFormat = usePlanStore((s) => s.setFormat)
  const revert = usePlanStore((s) => s.revert)
  const save = usePlanStore((s) => s.save)
  const clear = usePlanStore((s) => s.clear)
  const fileInput = useRef<HTMLInputElement>(null)

  const dirty = draft !== (plan?.source ?? '')
  const errors = check?.errors ?? []
  const canSave = dirty && draft.trim() !== '' && !saving && !checking && check?.ok === true

  const onFile = async (e: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const file = e.target.files?.[0]
    e.target.value = ''
    if (!file) return
    if (file.size > MAX_FILE_BYTES) {
      setDraft('')
      usePlanStore.setState({
        notice: {
          tone: 'error',
          text: `${file.name} is ${Math.round(file.size / 1024)} KB; a plan must be under 4 MB.`,
        },
      })
      return
    }
    setFormat(file.name.toLowerCase().endsWith('.csv') ? 'csv' : null)
    setDraft(await file.text())
  }

  return (
    <section className="plan-editor" aria-label="Plan source">
      <div className="plan-pane-head">
        <h2 className="section-title">Source</h2>
        <div className="toolbar-spacer" />
        <select
          className="select"
          value={format ?? ''}
          onChange={(e) => setFormat((e.target.value || null) as PlanFormat | null)}
          aria-label="Plan format"
          data-testid="plan-format"
        >
          {FORMATS.map((f) => (
            <option key={f.value} value={f.value}>
              {f.label}
            </option>
          ))}
        </select>
        <button type="button" className="btn btn-small" onClick={() => fileInput.current?.click()}>
          Load file…
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".csv,.json,text/csv,application/json"
          hidden
          onChange={(e) => void onFile(e)}
          data-testid="plan-file"
        />
      </div>
      <textarea
        className="plan-source"
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        spellCheck={false}
        placeholder={`Paste a plan, or load a file.\n\nCSV (or the same rows as a JSON array):\n${EXAMPLE}\nor a JSON Schema per event: {"signed_up": {"type": "object", "properties": {…}, "required": […]}}`}
        aria-label="Plan source"
        data-testid="plan-source"
      />
      {errors.length > 0 && (
        <ul className="plan-errors" data-testid="plan-errors" role="alert">
          {errors.slice(0, 50).map((err, i) => (
            <li key={i}>
              {err.location && <code className="plan-error-location">{err.location}</code>}
              <span>{err.message}</span>
            </li>
          ))}
          {errors.length > 50 && <li className="muted-text">…and {errors.length - 50} more</li>}
        </ul>
      )}
      {notice && (
        <p className={`plan-notice is-${notice.tone}`} data-testid="plan-notice" role="status">
          {notice.text}
        </p>
      )}
      <div className="plan-actions">
        {draft.trim() === '' && (
          <button type="button" className="btn" onClick={() => setDraft(EXAMPLE)} data-testid="plan-example">
            Start from an example
          </button>
        )}
        {plan && (
          <button
            type="button"
            className="btn btn-ghost"
            onClick={() => void clear()}
            data-testid="plan-remove"
          >
            Remove plan
          </button>
        )}
        <div className="toolbar-spacer" />
        {dirty && plan && (
          <button type="button" className="btn btn-ghost" onClick={revert}>
            Revert
          </button>
        )}
        <button
          type="button"
          className="btn btn-primary"
          disabled={!canSave}
          onClick={() => void save()}
          data-testid="plan-save"
          title={dirty ? 'Keep this plan; new calls are checked against it at once' : 'No changes to save'}
        >
          {saving ? 'Saving…' : 'Save plan'}
        </button>
      </div>
    </section>
  )
}
