import type { ReactNode } from 'react'
import { formatCount } from '../../lib/format'
import { useSettingsStore } from '../../stores/settings-store'
import { CopyButton } from '../common/copy-button'
import { CaptureModeSwitch } from '../send/capture-mode-switch'
import { ActiveSessionBanner } from '../sessions/active-session-banner'
import { SetupPopover } from '../setup/setup-popover'
import { LiveIndicator } from './live-indicator'
import { ThemeToggle } from './theme-toggle'
import { ViewTabs } from './view-tabs'

export function TopBar(): ReactNode {
  const captureUrl = useSettingsStore((s) => s.info?.captureUrl)
  const events = useSettingsStore((s) => s.stats?.events)

  return (
    <header className="top-bar">
      <div className="brand">
        <BrandMark />
        <span className="brand-name">Track Debugger</span>
      </div>
      <ViewTabs />
      <div className="capture-url" title="Point your SDK’s apiEndpoint here">
        <span className="capture-url-label">Capture</span>
        <code className="capture-url-value" data-testid="capture-url">
          {captureUrl ?? '…'}
        </code>
        {captureUrl && <CopyButton text={captureUrl} label="Copy capture URL" compact />}
      </div>
      <SetupPopover />
      <CaptureModeSwitch />
      <div className="top-bar-spacer" />
      <ActiveSessionBanner />
      <LiveIndicator />
      {events !== undefined && (
        <span className="top-bar-count" data-testid="event-count" title="Events in the log">
          {formatCount(events)} {events === 1 ? 'event' : 'events'}
        </span>
      )}
      <ThemeToggle />
    </header>
  )
}

function BrandMark(): ReactNode {
  return (
    <svg className="brand-mark" width="18" height="18" viewBox="0 0 18 18" aria-hidden="true">
      <rect x="0.5" y="0.5" width="17" height="17" rx="4" fill="var(--accent)" />
      <path
        d="M4 11.5h2l1.5-5 2.5 7 1.5-4h2.5"
        fill="none"
        stroke="#fff"
        strokeWidth="1.6"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  )
}
