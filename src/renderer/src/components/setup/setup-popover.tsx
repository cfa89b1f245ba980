import type { ReactNode } from 'react'
import { usePopover } from '../../hooks/use-popover'
import { useSettingsStore } from '../../stores/settings-store'
import { useViewStore } from '../../stores/view-store'
import { PlugIcon } from '../common/icons'
import { SetupSnippets } from './setup-snippets'

/** "How do I send events here?" within reach at all times, not only on the empty screen. */
export function SetupPopover(): ReactNode {
  const captureUrl = useSettingsStore((s) => s.info?.captureUrl)
  const { open, setOpen, anchor: root } = usePopover()
  const showView = useViewStore((s) => s.show)

  return (
    <div className="popover-anchor" ref={root}>
      <button
        type="button"
        className={`btn setup-button${open ? ' is-pressed' : ''}`}
        title="Point your app’s SDK here"
        onClick={() => setOpen((v) => !v)}
        aria-expanded={open}
        aria-haspopup="dialog"
        data-testid="setup-button"
        disabled={!captureUrl}
      >
        <PlugIcon />
        <span>Setup</span>
      </button>
      {open && captureUrl && (
        <div className="popover setup-popover" role="dialog" aria-label="Send events to Track Debugger">
          <h2 className="popover-title">Send your app’s events here</h2>
          <p className="popover-text">
            Set your SDK’s <code>apiEndpoint</code> to <code>{captureUrl}</code>. Nothing else changes: keep
            your API key (it is redacted in the log). Calls are answered like the real API, so your app keeps
            working.
          </p>
          <SetupSnippets captureUrl={captureUrl} />
          <p className="popover-text setup-more">
            Can’t change the app?{' '}
            <button
              type="button"
              className="link-button"
              onClick={() => {
                setOpen(false)
                showView('setup')
              }}
              data-testid="setup-more"
            >
              Capture it through the proxy: a pre-configured browser, terminal apps, Node
            </button>
          </p>
        </div>
      )}
    </div>
  )
}
