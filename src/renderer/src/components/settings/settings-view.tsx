import { useEffect, useState, type ReactNode } from 'react'
import {
  RETENTION_MINIMUMS,
  type RetentionLimits,
  type RetentionStatus,
} from '../../../../shared/contract/retention'
import { formatBytes, formatDateTime, plural } from '../../lib/format'
import { useRetentionStore } from '../../stores/retention-store'
import { LimitField } from './limit-field'

const GB = 1024 ** 3
const MB = 1024 ** 2
const REFRESH_MS = 3_000

interface Draft {
  events: { on: boolean; value: string }
  age: { on: boolean; value: string }
  size: { on: boolean; value: string; unit: 'MB' | 'GB' }
}

function toDraft(l: RetentionLimits): Draft {
  const bytes = l.maxBytes
  const useGb = bytes === null || bytes >= GB
  return {
    events: { on: l.maxEvents !== null, value: String(l.maxEvents ?? 1_000_000) },
    age: { on: l.maxAgeDays !== null, value: String(l.maxAgeDays ?? 30) },
    size: {
      on: bytes !== null,
      value: String(bytes === null ? 2 : Math.round((bytes / (useGb ? GB : MB)) * 100) / 100),
      unit: useGb ? 'GB' : 'MB',
    },
  }
}

interface Parsed {
  limits: RetentionLimits
  errors: { events: string | null; age: string | null; size: string | null }
}

function parse(d: Draft): Parsed {
  const errors: Parsed['errors'] = { events: null, age: null, size: null }
  const events = Number(d.events.value)
  const age = Number(d.age.value)
  const size = Math.round(Number(d.size.value) * (d.size.unit === 'GB' ? GB : MB))
  if (d.events.on && (!Number.isInteger(events) || events < RETENTION_MINIMUMS.maxEvents))
    errors.events = `A whole number, at least ${RETENTION_MINIMUMS.maxEvents.toLocaleString('en-US')}.`
  if (d.age.on && (!Number.isFinite(age) || age < RETENTION_MINIMUMS.maxAgeDays))
    errors.age = 'At least 0.05 days (an hour).'
  if (d.size.on && (!Number.isFinite(size) || size < RETENTION_MINIMUMS.maxBytes))
    errors.size = `At least ${RETENTION_MINIMUMS.maxBytes / MB} MB.`
  return {
    limits: {
      maxEvents: d.events.on ? events : null,
      maxAgeDays: d.age.on ? age : null,
      maxBytes: d.size.on ? size : null,
    },
    errors,
  }
}

const same = (a: RetentionLimits, b: RetentionLimits): boolean =>
  a.maxEvents === b.maxEvents && a.maxAgeDays === b.maxAgeDays && a.maxBytes === b.maxBytes

/** Settings: how much of the log is kept, and how big it is now. */
export function SettingsView(): ReactNode {
  const status = useRetentionStore((s) => s.status)
  const error = useRetentionStore((s) => s.error)
  const saving = useRetentionStore((s) => s.saving)
  const saved = useRetentionStore((s) => s.saved)
  const refresh = useRetentionStore((s) => s.refresh)
  const save = useRetentionStore((s) => s.save)
  const markEdited = useRetentionStore((s) => s.markEdited)
  const [draft, setDraft] = useState<Draft | null>(null)

  useEffect(() => {
    void refresh()
    const timer = setInterval(() => void refresh(), REFRESH_MS)
    return () => clearInterval(timer)
  }, [refresh])

  const current = draft ?? (status ? toDraft(status.limits) : null)
  const parsed = current ? parse(current) : null
  const invalid = parsed !== null && Object.values(parsed.errors).some((e) => e !== null)
  const changed = parsed !== null && status !== null && !same(parsed.limits, status.limits)

  const edit = (patch: (d: Draft) => Draft): void => {
    if (!current) return
    markEdited()
    setDraft(patch(current))
  }

  const onSave = async (): Promise<void> => {
    if (!parsed || invalid) return
    if (await save(parsed.limits)) setDraft(null)
  }

  return (
    <main className="settings-screen" data-testid="settings-screen">
      <header className="settings-header">
        <h1 className="settings-title">Settings</h1>
        <p className="settings-subtitle">Where the log lives, how big it is, and how much of it is kept.</p>
      </header>
      {error && (
        <div className="banner banner-error" role="alert">
          {error}
        </div>
      )}
      <div className="settings-body">
        <section className="settings-card" aria-labelledby="storage-title">
          <h2 className="section-title" id="storage-title">
            Storage
          </h2>
          {status ? <StorageFacts status={status} /> : <p className="settings-muted">Loading…</p>}
        </section>

        <section className="settings-card" aria-labelledby="retention-title">
          <h2 className="section-title" id="retention-title">
            Retention
          </h2>
          <p className="settings-muted">
            When a limit is reached the oldest requests are deleted, with their events, in small steps in the
            background: capture never waits for it. Freed space is reused before the file grows again. A
            stopped QA session keeps its verdicts and evidence when its events are deleted.
          </p>
          {current && parsed && (
            <div className="limit-list">
              <LimitField
                id="events"
                label="Keep at most"
                unit="events"
                hint="The newest are kept; at least 1,000. A batch that straddles the limit is kept whole."
                enabled={current.events.on}
                value={current.events.value}
                error={parsed.errors.events}
                onToggle={(on) => edit((d) => ({ ...d, events: { ...d.events, on } }))}
                onChange={(value) => edit((d) => ({ ...d, events: { ...d.events, value } }))}
              />
              <LimitField
                id="age"
                label="Delete after"
                unit="days"
                hint="Counted from when the call was received; at least an hour (0.05 days)."
                enabled={current.age.on}
                value={current.age.value}
                error={parsed.errors.age}
                onToggle={(on) => edit((d) => ({ ...d, age: { ...d.age, on } }))}
                onChange={(value) => edit((d) => ({ ...d, age: { ...d.age, value } }))}
              />
              <LimitField
                id="size"
                label="Keep the database under"
                unit={
                  <select
                    value={current.size.unit}
                    disabled={!current.size.on}
                    onChange={(e) =>
                      edit((d) => ({
                        ...d,
                        size: { ...d.size, unit: e.target.value === 'MB' ? 'MB' : 'GB' },
                      }))
                    }
                    aria-label="Size unit"
                    data-testid="limit-size-unit"
                  >
                    <option value="MB">MB</option>
                    <option value="GB">GB</option>
                  </select>
                }
                hint="Space the rows take, at least 16 MB; about 850 MB holds a million events like a browser SDK sends."
                enabled={current.size.on}
                value={current.size.value}
                error={parsed.errors.size}
                onToggle={(on) => edit((d) => ({ ...d, size: { ...d.size, on } }))}
                onChange={(value) => edit((d) => ({ ...d, size: { ...d.size, value } }))}
              />
            </div>
          )}
          <div className="settings-actions">
            <button
              type="button"
              className="btn btn-primary"
              disabled={!changed || invalid || saving}
              onClick={() => void onSave()}
              data-testid="retention-save"
            >
              {saving ? 'Saving…' : 'Save limits'}
            </button>
            <button
              type="button"
              className="btn btn-ghost"
              disabled={!status || (parsed !== null && same(parsed.limits, status.defaults))}
              onClick={() => status && edit(() => toDraft(status.defaults))}
              data-testid="retention-defaults"
            >
              Use defaults
            </button>
            {saved && !changed && (
              <span className="settings-saved" role="status">
                Saved. Limits apply now.
              </span>
            )}
          </div>
        </section>
      </div>
    </main>
  )
}

function StorageFacts({ status }: { status: RetentionStatus }): ReactNode {
  const run = status.lastRun
  return (
    <dl className="settings-facts" data-testid="storage-facts">
      <dt>Database</dt>
      <dd data-testid="storage-size">
        {formatBytes(status.fileBytes)} on disk
        <span className="settings-muted"> · {formatBytes(status.usedBytes)} in use</span>
      </dd>
      <dt>Log</dt>
      <dd data-testid="storage-counts">
        {plural(status.events, 'event')} in {plural(status.requests, 'request')}
      </dd>
      <dt>Oldest</dt>
      <dd>{status.oldestReceivedAt === null ? '—' : formatDateTime(status.oldestReceivedAt)}</dd>
      <dt>Cleanup</dt>
      <dd data-testid="retention-activity">
        {status.enforcing
          ? 'Deleting the oldest entries…'
          : run
            ? `Last deleted ${plural(run.deletedEvents, 'event')} (${run.reasons.join(', ')} limit) at ${formatDateTime(run.at)}`
            : 'Nothing deleted yet'}
      </dd>
      <dt>File</dt>
      <dd className="settings-path" title={status.databasePath}>
        {status.databasePath}
      </dd>
    </dl>
  )
}
