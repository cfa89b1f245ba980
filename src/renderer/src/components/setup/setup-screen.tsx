/**
 * The Setup screen: every way to get an app's Track calls here. An SDK
 * pointed at the capture URL; and, for apps that cannot be changed, the
 * capture proxy: a pre-configured browser, terminal snippets and `run`,
 * the local CA, and which clients are connected right now.
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react'
import type { ProxyStatus } from '../../../../shared/contract/proxy'
import { shellSnippet, type Shell } from '../../../../shared/proxy-env'
import { formatDateTime, plural } from '../../lib/format'
import { useProxyStore } from '../../stores/proxy-store'
import { useSettingsStore } from '../../stores/settings-store'
import { CodeBlock } from '../common/code-block'
import { CopyButton } from '../common/copy-button'
import { SetupSnippets } from './setup-snippets'

type TerminalKind = Shell | 'run'

const TERMINAL_TABS: { kind: TerminalKind; label: string }[] = [
  { kind: 'run', label: 'track-debugger run' },
  { kind: 'bash', label: 'bash / zsh' },
  { kind: 'fish', label: 'fish' },
  { kind: 'powershell', label: 'PowerShell' },
]

export function SetupScreen(): ReactNode {
  const captureUrl = useSettingsStore((s) => s.info?.captureUrl)
  const status = useProxyStore((s) => s.status)
  const error = useProxyStore((s) => s.error)
  const notice = useProxyStore((s) => s.notice)
  const load = useProxyStore((s) => s.load)

  useEffect(() => {
    void load()
  }, [load])

  return (
    <main className="settings-screen setup-screen" data-testid="setup-screen">
      <header className="settings-header">
        <h1 className="settings-title">Setup</h1>
        <p className="settings-subtitle">
          Every way to get an app’s Track calls here: point its SDK at the capture URL, or, when the app
          cannot be changed, send it through the capture proxy.
        </p>
      </header>
      {error && (
        <div className="banner banner-error" role="alert">
          {error}
        </div>
      )}
      {notice && (
        <div className="banner banner-info" role="status">
          {notice}
        </div>
      )}
      <div className="settings-body">
        <section className="settings-card" aria-labelledby="sdk-title">
          <h2 className="section-title" id="sdk-title">
            Point an SDK here
          </h2>
          <p className="settings-muted">
            Set the SDK’s <code>apiEndpoint</code> to <code>{captureUrl ?? '…'}</code>. Calls are answered
            like the real API, so the app keeps working.
          </p>
          {captureUrl && <SetupSnippets captureUrl={captureUrl} />}
        </section>
        {status && <ProxySections status={status} />}
      </div>
    </main>
  )
}

function ProxySections({ status }: { status: ProxyStatus }): ReactNode {
  return (
    <>
      <section className="settings-card" aria-labelledby="proxy-title">
        <h2 className="section-title" id="proxy-title">
          Capture proxy
        </h2>
        {status.url ? (
          <p className="settings-muted" data-testid="proxy-state">
            Listening on <code>{status.url}</code>. Calls to the Track hosts below are decrypted with the
            local CA and captured (in forward mode they then go on to the real host); everything else passes
            through unread. Nothing on this machine is changed: only programs started from here, or given the
            settings below, use it.
          </p>
        ) : (
          <div className="banner banner-error" role="alert" data-testid="proxy-state">
            The capture proxy is not running: {status.error}
          </div>
        )}
        <TrackHosts status={status} />
      </section>
      {status.url && (
        <>
          <BrowserCard />
          <TerminalCard status={status} />
          <ConnectedCard status={status} />
        </>
      )}
      {status.ca && <CaCard status={status} />}
    </>
  )
}

function TrackHosts({ status }: { status: ProxyStatus }): ReactNode {
  const save = useProxyStore((s) => s.setTrackHosts)
  const busy = useProxyStore((s) => s.busy)
  const [text, setText] = useState<string | null>(null)
  const current = text ?? status.trackHosts.join('\n')
  const hosts = current
    .split(/[\s,]+/)
    .map((h) => h.trim())
    .filter((h) => h !== '')
  const changed = hosts.join('\n') !== status.trackHosts.join('\n')
  return (
    <div className="proxy-hosts">
      <label className="field-label" htmlFor="track-hosts">
        Track hosts (one a line; <code>*.example.com</code> covers its subdomains)
      </label>
      <textarea
        id="track-hosts"
        className="input proxy-hosts-input"
        rows={Math.min(6, Math.max(2, hosts.length + 1))}
        value={current}
        spellCheck={false}
        onChange={(e) => setText(e.target.value)}
        data-testid="proxy-hosts"
      />
      {status.environmentHosts.length > 0 && (
        <p className="settings-muted">
          Also captured, from your environments: {status.environmentHosts.join(', ')}.
        </p>
      )}
      <div className="settings-actions">
        <button
          type="button"
          className="btn"
          disabled={!changed || busy}
          onClick={() => void save(hosts).then((ok) => ok && setText(null))}
          data-testid="proxy-hosts-save"
        >
          Save hosts
        </button>
      </div>
    </div>
  )
}

function BrowserCard(): ReactNode {
  const browsers = useProxyStore((s) => s.browsers)
  const open = useProxyStore((s) => s.openBrowser)
  const busy = useProxyStore((s) => s.busy)
  const [url, setUrl] = useState('')
  const found = browsers.filter((b) => b.path !== null)
  return (
    <section className="settings-card" aria-labelledby="browser-title">
      <h2 className="section-title" id="browser-title">
        Pre-configured browser
      </h2>
      <p className="settings-muted">
        Opens with a fresh, temporary profile that uses the proxy and accepts the local CA: pages are captured
        as they are, and your own browser profile and the machine’s trust store are never touched. The profile
        is deleted when the browser closes.
      </p>
      <div className="proxy-browser-row">
        <input
          className="input"
          type="url"
          placeholder="https://your-app.example.com (optional)"
          aria-label="Page to open"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          data-testid="browser-url"
        />
      </div>
      <ul className="proxy-browser-list">
        {browsers.map((b) => (
          <li key={b.id} className="proxy-browser" data-testid={`browser-${b.id}`}>
            <span className="proxy-browser-name">{b.name}</span>
            {b.path ? (
              <>
                <code className="proxy-browser-path" title={b.path}>
                  {b.path}
                </code>
                <button
                  type="button"
                  className="btn btn-small"
                  disabled={busy}
                  onClick={() => void open(b.id, url.trim())}
                >
                  Open
                </button>
              </>
            ) : (
              <span className="settings-muted proxy-browser-missing">{b.missing}</span>
            )}
          </li>
        ))}
      </ul>
      {browsers.length > 0 && found.length === 0 && (
        <p className="settings-muted">
          No Chromium-based browser was found. Install Chrome, Chromium or Edge, or use the terminal settings
          below with any browser you start yourself.
        </p>
      )}
    </section>
  )
}

function TerminalCard({ status }: { status: ProxyStatus }): ReactNode {
  const [kind, setKind] = useState<TerminalKind>('run')
  const code = useMemo(() => {
    const ca = status.ca
    if (!status.url || !ca) return ''
    if (kind === 'run')
      return `npx track-debugger run -- node server.js\n# any command: npx track-debugger run -- npm test`
    return shellSnippet(kind, { proxyUrl: status.url, certPath: ca.certPath, bundlePath: ca.bundlePath })
  }, [kind, status.url, status.ca])
  return (
    <section className="settings-card" aria-labelledby="terminal-title">
      <h2 className="section-title" id="terminal-title">
        Terminal and Node apps
      </h2>
      <p className="settings-muted">
        <code>track-debugger run -- &lt;command&gt;</code> starts one command with the proxy and the CA set,
        for that command only. Or paste these into a terminal: programs started from it afterwards are
        captured (Node’s own <code>fetch</code> included, through <code>NODE_USE_ENV_PROXY</code>; Python and
        curl through a CA bundle that still holds the system’s roots).
      </p>
      <div className="segmented" role="tablist" aria-label="Terminal">
        {TERMINAL_TABS.map((tab) => (
          <button
            key={tab.kind}
            type="button"
            role="tab"
            aria-selected={kind === tab.kind}
            className={`segmented-item${kind === tab.kind ? ' is-active' : ''}`}
            onClick={() => setKind(tab.kind)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <CodeBlock
        code={code}
        label={TERMINAL_TABS.find((t) => t.kind === kind)?.label ?? ''}
        testId={`proxy-snippet-${kind}`}
      />
    </section>
  )
}

function ConnectedCard({ status }: { status: ProxyStatus }): ReactNode {
  return (
    <section className="settings-card" aria-labelledby="connected-title">
      <h2 className="section-title" id="connected-title">
        Through the proxy
      </h2>
      {status.hosts.length === 0 ? (
        <p className="settings-muted" data-testid="proxy-hosts-empty">
          Nothing has used the proxy yet.
        </p>
      ) : (
        <table className="proxy-table" data-testid="proxy-host-counts">
          <thead>
            <tr>
              <th scope="col">Host</th>
              <th scope="col">Captured</th>
              <th scope="col">Passed through</th>
              <th scope="col">Refused the CA</th>
              <th scope="col">Last</th>
            </tr>
          </thead>
          <tbody>
            {status.hosts.map((h) => (
              <tr key={h.host}>
                <td className="mono">{h.host}</td>
                <td>{h.intercepted}</td>
                <td>{h.tunnelled}</td>
                <td className={h.refusedCertificate > 0 ? 'proxy-refused' : undefined}>
                  {h.refusedCertificate}
                  {h.refusedCertificate > 0 && (
                    <span className="settings-muted"> — the client does not trust the local CA</span>
                  )}
                </td>
                <td>{formatDateTime(h.lastAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="settings-muted" data-testid="proxy-clients">
        {status.clients.length === 0
          ? 'No connection open right now.'
          : `${plural(status.clients.length, 'connection')} open: ${status.clients
              .slice(0, 8)
              .map((c) => `${c.host}${c.intercepted ? ' (captured)' : ''}`)
              .join(', ')}${status.clients.length > 8 ? ', …' : ''}.`}
      </p>
    </section>
  )
}

function CaCard({ status }: { status: ProxyStatus }): ReactNode {
  const regenerate = useProxyStore((s) => s.regenerateCa)
  const busy = useProxyStore((s) => s.busy)
  const ca = status.ca
  const download = useMemo(
    () => (ca ? URL.createObjectURL(new Blob([ca.pem], { type: 'application/x-pem-file' })) : null),
    [ca],
  )
  useEffect(() => () => (download ? URL.revokeObjectURL(download) : undefined), [download])
  if (!ca) return null
  return (
    <section className="settings-card" aria-labelledby="ca-title">
      <h2 className="section-title" id="ca-title">
        Local certificate authority
      </h2>
      <p className="settings-muted">
        Made on this machine for the proxy. Its private key stays in the data folder (readable by you only)
        and is never shown. Trust it only where you choose: the pre-configured browser and <code>run</code> do
        so for themselves.
      </p>
      <dl className="settings-facts" data-testid="ca-facts">
        <dt>Subject</dt>
        <dd>{ca.subject}</dd>
        <dt>SHA-256</dt>
        <dd className="mono ca-fingerprint">{ca.fingerprint256}</dd>
        <dt>Valid until</dt>
        <dd>{formatDateTime(Date.parse(ca.notAfter))}</dd>
        <dt>File</dt>
        <dd className="mono settings-path">{ca.certPath}</dd>
      </dl>
      <div className="settings-actions">
        {download && (
          <a className="btn" href={download} download="track-debugger-ca.pem" data-testid="ca-download">
            Export CA (PEM)
          </a>
        )}
        <CopyButton text={ca.pem} label="Copy PEM" />
        <button
          type="button"
          className="btn btn-ghost"
          disabled={busy}
          onClick={() => {
            if (
              window.confirm('Make a new CA? Anything you gave the current one to must be given the new one.')
            )
              void regenerate()
          }}
          data-testid="ca-regenerate"
        >
          New CA…
        </button>
      </div>
    </section>
  )
}
