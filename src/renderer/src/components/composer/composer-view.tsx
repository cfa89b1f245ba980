/**
 * The Compose screen: new track / identify / group calls from templates or
 * saved payloads, placeholders resolved by the engine when sent (and kept
 * resolved in the log), saved into named collections.
 */
import { useEffect, useState, type ReactNode } from 'react'
import type { SavedPayload, SendCallType } from '../../../../shared/contract/send'
import { plural } from '../../lib/format'
import { useComposerStore } from '../../stores/composer-store'
import { currentEnvironmentId, useEnvironmentsStore } from '../../stores/environments-store'
import { useSelectionStore } from '../../stores/selection-store'
import { useSendStore } from '../../stores/send-store'
import { useViewStore } from '../../stores/view-store'
import type { EditorSummary } from '../editor/json-editor'
import { LazyJsonEditor } from '../editor/lazy-json-editor'
import { CopyAsButtons } from '../send/copy-as-buttons'
import { EnvironmentPicker } from '../send/environment-picker'
import { ExchangeView } from '../send/exchange-view'
import { SendButton } from '../send/send-button'
import { sendWarnings } from '../../lib/send-warnings'
import { TEMPLATE_LABELS } from './templates'

const CALL_TYPES: SendCallType[] = ['track', 'identify', 'group']

export function ComposerView(): ReactNode {
  const s = useComposerStore()
  const vocabulary = useSendStore((st) => st.vocabulary)
  const loadVocabulary = useSendStore((st) => st.loadVocabulary)
  const checkDraft = useSendStore((st) => st.checkDraft)
  const envId = useEnvironmentsStore(currentEnvironmentId)
  const environments = useEnvironmentsStore((st) => st.environments)
  const useEnv = useEnvironmentsStore((st) => st.use)
  const [summary, setSummary] = useState<EditorSummary>({ errors: 0, warnings: 0, syntax: null })
  const loadSaved = s.loadSaved

  useEffect(() => {
    void loadSaved()
    void loadVocabulary()
  }, [loadSaved, loadVocabulary])

  const env = environments.find((e) => e.id === envId)
  const groups = new Map<string, SavedPayload[]>()
  for (const p of s.saved) groups.set(p.collection, [...(groups.get(p.collection) ?? []), p])

  const openInStream = (): void => {
    if (!s.outcome?.eventId) return
    useViewStore.getState().show('stream')
    useSelectionStore.getState().select(s.outcome.eventId)
  }

  return (
    <div className="composer" data-testid="composer">
      <aside className="composer-side" aria-label="Templates and saved payloads">
        <h3 className="side-title">New from template</h3>
        <ul className="side-list">
          {CALL_TYPES.map((t) => (
            <li key={t}>
              <button
                type="button"
                className={`side-item${s.savedId === null && s.callType === t ? ' is-active' : ''}`}
                onClick={() => s.useTemplate(t)}
                data-testid={`template-${t}`}
              >
                <span className={`badge-dot type-${t}`} />
                {TEMPLATE_LABELS[t]}
              </button>
            </li>
          ))}
        </ul>
        <h3 className="side-title">Saved</h3>
        {s.saved.length === 0 && <p className="side-empty">Name a payload and save it to reuse it here.</p>}
        {[...groups].map(([collection, items]) => (
          <div key={collection} className="side-group">
            <div className="side-group-name">{collection}</div>
            <ul className="side-list">
              {items.map((p) => (
                <li key={p.id} className="side-row">
                  <button
                    type="button"
                    className={`side-item${s.savedId === p.id ? ' is-active' : ''}`}
                    onClick={() => s.open(p)}
                    data-testid="saved-payload"
                  >
                    <span className={`badge-dot type-${p.callType}`} />
                    {p.name}
                  </button>
                  <button
                    type="button"
                    className="btn btn-ghost btn-small btn-icon"
                    aria-label={`Delete ${p.name}`}
                    title="Delete"
                    onClick={() => void s.remove(p.id)}
                  >
                    ✕
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </aside>
      <section className="composer-main">
        <div className="resend-toolbar">
          <div className="segmented" role="radiogroup" aria-label="Call type">
            {CALL_TYPES.map((t) => (
              <button
                key={t}
                type="button"
                role="radio"
                aria-checked={s.callType === t}
                className={`segmented-item${s.callType === t ? ' is-active' : ''}`}
                onClick={() => s.setCallType(t)}
              >
                /{t}
              </button>
            ))}
          </div>
          <EnvironmentPicker value={envId} onChange={useEnv} testId="composer-environment" />
          <div className="resend-spacer" />
          <CopyAsButtons source={{ callType: s.callType, body: s.text }} environmentId={envId} />
          <SendButton
            warnings={() => sendWarnings(envId, { body: s.text })}
            onSend={() => void s.send(envId)}
            sending={s.sending}
            testId="composer-send"
          />
        </div>
        <div className="composer-vars" data-testid="composer-variables">
          <span className="is-muted">Variables, resolved when sent:</span>
          {['$uuid', '$now', '$timestamp', ...Object.keys(env?.variables ?? {})].map((v) => (
            <code key={v} className="var-chip" title={env?.variables[v] ?? builtinHelp(v)}>
              {`{{${v}}}`}
            </code>
          ))}
        </div>
        <div className="resend-editor composer-editor">
          <LazyJsonEditor
            value={s.text}
            onChange={s.setText}
            check={(text) => checkDraft(s.callType, text)}
            vocabulary={vocabulary}
            onSummary={setSummary}
            label="Payload to compose"
            testId="composer-editor"
          />
        </div>
        <div className="resend-status">
          {summary.syntax ? (
            <span className="is-bad">Not valid JSON: {summary.syntax}</span>
          ) : summary.errors + summary.warnings > 0 ? (
            <span className={summary.errors > 0 ? 'is-bad' : 'is-warn'}>
              {[
                summary.errors > 0 ? plural(summary.errors, 'error') : '',
                summary.warnings > 0 ? plural(summary.warnings, 'warning') : '',
              ]
                .filter(Boolean)
                .join(', ')}{' '}
              — marked in the editor
            </span>
          ) : (
            <span className="is-ok">No findings.</span>
          )}
          <div className="resend-spacer" />
          <input
            className="input"
            placeholder="Name"
            value={s.name}
            onChange={(e) => s.setName(e.target.value)}
            aria-label="Payload name"
            data-testid="composer-name"
          />
          <input
            className="input input-narrow"
            placeholder="Collection"
            value={s.collection}
            onChange={(e) => s.setCollection(e.target.value)}
            aria-label="Collection"
          />
          <button
            type="button"
            className="btn btn-small"
            onClick={() => void s.save()}
            data-testid="composer-save"
          >
            Save
          </button>
        </div>
        {s.error && (
          <p className="exchange-error" role="alert" data-testid="composer-error">
            {s.error}
          </p>
        )}
        {s.notice && <p className="composer-notice">{s.notice}</p>}
        {s.outcome && (
          <div className="resend-result">
            <div className="resend-result-head">
              <span>Sent as request #{s.outcome.requestId}</span>
              {s.outcome.eventId !== null && (
                <button type="button" className="link-button" onClick={openInStream}>
                  Show in stream
                </button>
              )}
            </div>
            <ExchangeView
              exchange={s.outcome.exchange}
              onRetry={() => void s.send(envId)}
              retrying={s.sending}
            />
          </div>
        )}
      </section>
    </div>
  )
}

function builtinHelp(v: string): string {
  if (v === '$uuid') return 'A new random UUID for each occurrence'
  if (v === '$now') return 'The send time, ISO-8601'
  if (v === '$timestamp') return 'The send time, epoch milliseconds'
  return ''
}
