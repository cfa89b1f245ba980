import type { ReactNode } from 'react'
import { formatBytes, formatCount, plural } from '../../lib/format'
import { useConnectionStore, type ConnectionStatus } from '../../stores/connection-store'
import { useSettingsStore } from '../../stores/settings-store'
import { useStreamStore } from '../../stores/stream-store'
import { ModeToggle } from '../validation/mode-toggle'

const CONNECTION_LABEL: Record<ConnectionStatus, string> = {
  connecting: 'connecting',
  open: 'connected',
  reconnecting: 'reconnecting',
  stopped: 'engine stopped',
  unauthorized: 'not authorized',
  'no-token': 'no token',
}

export function StatusBar(): ReactNode {
  const info = useSettingsStore((s) => s.info)
  const stats = useSettingsStore((s) => s.stats)
  const total = useStreamStore((s) => s.total)
  const totalIsExact = useStreamStore((s) => s.totalIsExact)
  const loaded = useStreamStore((s) => s.loaded)
  const transport = useConnectionStore((s) => s.transport)
  const status = useConnectionStore((s) => s.status)

  return (
    <footer className="status-bar" data-testid="status-bar">
      <span className="status-item" title="Capture URL">
        <span className={`status-dot is-${status === 'open' ? 'ok' : 'warn'}`} aria-hidden="true" />
        <span className="status-capture-url">{info ? info.captureUrl : 'Starting…'}</span>
      </span>
      <span className="status-item" data-testid="status-counts">
        {loaded && `${formatCount(total)}${totalIsExact ? '' : '+'} ${total === 1 ? 'row' : 'rows'} shown`}
        {loaded && stats && ' · '}
        {stats && `log: ${plural(stats.events, 'event')}, ${plural(stats.requests, 'request')}`}
      </span>
      <div className="status-spacer" />
      <ModeToggle />
      {stats && (
        <span className="status-item status-database" title={info?.databasePath}>
          Database {formatBytes(stats.databaseBytes)}
        </span>
      )}
      {transport && (
        <span className="status-item">
          {transport === 'ipc' ? 'Desktop (IPC)' : `HTTP · ${CONNECTION_LABEL[status]}`}
        </span>
      )}
      {info && <span className="status-item is-faint">v{info.version}</span>}
    </footer>
  )
}
