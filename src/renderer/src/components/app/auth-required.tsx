import type { ReactNode } from 'react'
import { LockIcon } from '../common/icons'

/** Headless UI opened without (or with a stale) token: nothing else can work, so say exactly what to do. */
export function AuthRequired({ reason }: { reason: 'no-token' | 'unauthorized' }): ReactNode {
  return (
    <main className="auth-required" data-testid="auth-required">
      <div className="auth-card">
        <LockIcon size={28} />
        <h1>
          {reason === 'no-token' ? 'Open Track Debugger from its link' : 'This link is no longer valid'}
        </h1>
        <p>
          {reason === 'no-token'
            ? 'This page needs the access token that the server hands out when it starts.'
            : 'The server did not accept this page’s access token. It changes every time the server starts, unless it is set with --token.'}
        </p>
        <p>
          Open the URL that <code>track-debugger serve</code> printed in your terminal. It looks like{' '}
          <code data-testid="auth-url">{`${window.location.origin}/?token=…`}</code>
        </p>
      </div>
    </main>
  )
}
