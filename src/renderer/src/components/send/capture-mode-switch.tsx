/**
 * Top-bar switch between capture, forward and fault injection, with each
 * mode's settings in a popover. The state lives in the engine (persisted,
 * pushed to every client), so the CLI flags and other windows show here.
 */
import { useEffect, type ReactNode } from 'react'
import { usePopover } from '../../hooks/use-popover'
import {
  FAULT_STATUSES,
  type CaptureMode,
  type FaultConfig,
  type FaultStatus,
} from '../../../../shared/contract/send'
import { useEnvironmentsStore } from '../../stores/environments-store'
import { useSendStore } from '../../stores/send-store'

const MODES: { id: CaptureMode; label: string; title: string }[] = [
  { id: 'capture', label: 'Capture', title: 'Answer like the real API and record' },
  { id: 'forward', label: 'Forward', title: 'Pass each request to an environment and answer with its reply' },
  { id: 'fault', label: 'Fault', title: 'Answer with errors, delays or dropped connections' },
]

export function CaptureModeSwitch(): ReactNode {
  const mode = useSendStore((s) => s.mode)
  const loadMode = useSendStore((s) => s.loadMode)
  const setMode = useSendStore((s) => s.setMode)
  const { open, setOpen, anchor } = usePopover()
  useEffect(() => {
    void loadMode()
  }, [loadMode])
  if (!mode) return null

  const summary =
    mode.mode === 'forward'
      ? `Forward → ${mode.upstreamName ?? '?'}`
      : mode.mode === 'fault'
        ? `Fault · ${faultSummary(mode.fault)}`
        : 'Capture'

  return (
    <div
      className="popover-anchor capture-mode"
      ref={anchor}
      data-testid="capture-mode"
      data-mode={mode.mode}
    >
      <button
        type="button"
        className={`btn btn-small mode-summary mode-${mode.mode}`}
        onClick={() => setOpen(!open)}
        aria-expanded={open}
        title="Capture mode: what the capture server answers"
        data-testid="capture-mode-summary"
      >
        <span className="mode-dot" />
        {summary}
      </button>
      {open && (
        <div className="popover capture-mode-popover" role="dialog" aria-label="Capture mode">
          <div className="segmented mode-segmented" role="radiogroup" aria-label="Capture mode">
            {MODES.map((m) => (
              <button
                key={m.id}
                type="button"
                role="radio"
                aria-checked={mode.mode === m.id}
                className={`segmented-item${mode.mode === m.id ? ` is-active mode-${m.id}` : ''}`}
                title={m.title}
                onClick={() => void setMode({ mode: m.id })}
                data-testid={`capture-mode-${m.id}`}
              >
                {m.label}
              </button>
            ))}
          </div>
          {mode.mode === 'capture' && (
            <p className="popover-text mode-capture-text">
              The capture server answers like the real API (see strict/lenient) and records every call.
            </p>
          )}
          {mode.mode === 'forward' && <ForwardSettings />}
          {mode.mode === 'fault' && <FaultSettings />}
        </div>
      )}
    </div>
  )
}

function faultSummary(f: FaultConfig): string {
  if (f.action === 'none' && f.delayMs === 0) return 'off'
  const what = f.action === 'drop' ? 'drop' : f.action === 'none' ? 'delay' : String(f.status)
  const parts = [what]
  if (f.delayMs > 0 && f.action !== 'none') parts.push(`+${f.delayMs} ms`)
  if (f.action === 'none') parts.push(`${f.delayMs} ms`)
  if (f.percent < 100) parts.push(`${f.percent}%`)
  if (f.eventName) parts.push(f.eventName)
  return parts.join(' · ')
}

function ForwardSettings(): ReactNode {
  const mode = useSendStore((s) => s.mode)
  const setMode = useSendStore((s) => s.setMode)
  const environments = useEnvironmentsStore((s) => s.environments)
  const loaded = useEnvironmentsStore((s) => s.loaded)
  const load = useEnvironmentsStore((s) => s.load)
  useEffect(() => {
    if (!loaded) void load()
  }, [loaded, load])
  if (!mode) return null
  return (
    <div className="mode-form">
      <p className="popover-text">
        Each captured request goes to this environment with the app’s own key (or the environment’s, if the
        app sent none); the app gets the upstream’s answer. A dead or slow upstream is answered 502/504.
      </p>
      <label className="mode-field">
        <span>Upstream</span>
        <select
          className="select"
          value={mode.upstreamEnvironmentId}
          onChange={(e) => void setMode({ upstreamEnvironmentId: e.target.value })}
          data-testid="forward-environment"
        >
          {environments
            .filter((e) => e.id !== 'local')
            .map((e) => (
              <option key={e.id} value={e.id}>
                {e.name}
              </option>
            ))}
        </select>
      </label>
      <code className="mode-url">{mode.upstreamUrl}</code>
    </div>
  )
}

function FaultSettings(): ReactNode {
  const mode = useSendStore((s) => s.mode)
  const setMode = useSendStore((s) => s.setMode)
  const error = useSendStore((s) => s.modeError)
  if (!mode) return null
  const f = mode.fault
  const patch = (p: Partial<FaultConfig>): void => void setMode({ fault: p })
  const number = (value: string, min: number, max: number): number | null => {
    const n = Number(value)
    return value !== '' && Number.isFinite(n) && n >= min && n <= max ? n : null
  }
  return (
    <div className="mode-form">
      <p className="popover-text">
        Watch how the SDK retries and queues. Every injected fault is recorded as such.
      </p>
      <label className="mode-field">
        <span>Answer</span>
        <select
          className="select"
          value={f.action === 'status' ? String(f.status) : f.action}
          onChange={(e) => {
            const v = e.target.value
            if (v === 'drop' || v === 'none') patch({ action: v })
            else patch({ action: 'status', status: Number(v) as FaultStatus })
          }}
          data-testid="fault-action"
        >
          {FAULT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s} {STATUS_TEXT[s]}
            </option>
          ))}
          <option value="drop">Drop the connection</option>
          <option value="none">Answer normally (delay only)</option>
        </select>
      </label>
      {f.action === 'status' && (f.status === 429 || f.status === 503) && (
        <label className="mode-field">
          <span>Retry-After (s)</span>
          <input
            className="input"
            type="number"
            min={0}
            max={86400}
            defaultValue={f.retryAfterSeconds}
            onChange={(e) => {
              const n = number(e.target.value, 0, 86400)
              if (n !== null) patch({ retryAfterSeconds: Math.round(n) })
            }}
          />
        </label>
      )}
      <label className="mode-field">
        <span>Delay (ms)</span>
        <input
          className="input"
          type="number"
          min={0}
          max={120000}
          step={100}
          defaultValue={f.delayMs}
          onChange={(e) => {
            const n = number(e.target.value, 0, 120000)
            if (n !== null) patch({ delayMs: Math.round(n) })
          }}
          data-testid="fault-delay"
        />
      </label>
      <label className="mode-field">
        <span>Share of requests (%)</span>
        <input
          className="input"
          type="number"
          min={0}
          max={100}
          defaultValue={f.percent}
          onChange={(e) => {
            const n = number(e.target.value, 0, 100)
            if (n !== null) patch({ percent: n })
          }}
          data-testid="fault-percent"
        />
      </label>
      <label className="mode-field">
        <span>Only with event</span>
        <input
          className="input"
          type="text"
          placeholder="any event"
          defaultValue={f.eventName}
          onChange={(e) => patch({ eventName: e.target.value.trim() })}
          data-testid="fault-event"
        />
      </label>
      {error && <p className="exchange-error">{error}</p>}
    </div>
  )
}

const STATUS_TEXT: Record<FaultStatus, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  429: 'Too many requests',
  500: 'Server error',
  503: 'Unavailable',
}
