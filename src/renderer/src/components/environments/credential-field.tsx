import { useState, type ReactNode } from 'react'
import type { EnvironmentView } from '../../../../shared/contract/send'
import { useEnvironmentsStore } from '../../stores/environments-store'

/** Shows a credential masked; replacing it sends the new value once and forgets it here. */
export function CredentialField({
  env,
  kind,
  label,
}: {
  env: EnvironmentView
  kind: 'apiKey' | 'bearerToken'
  label: string
}): ReactNode {
  const setCredentials = useEnvironmentsStore((s) => s.setCredentials)
  const [editing, setEditing] = useState(false)
  const [value, setValue] = useState('')
  const current = env[kind]
  const testId = kind === 'apiKey' ? 'api-key' : 'bearer-token'

  const store = async (next: string | null): Promise<void> => {
    if (await setCredentials(env.id, { [kind]: next })) {
      setEditing(false)
      setValue('')
    }
  }

  return (
    <div className="form-row credential">
      <span>{label}</span>
      {editing ? (
        <div className="credential-edit">
          <input
            className="input input-wide"
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={value}
            onChange={(e) => setValue(e.target.value)}
            placeholder="Paste the key"
            aria-label={label}
            data-testid={`${testId}-input`}
          />
          <button
            type="button"
            className="btn btn-primary btn-small"
            disabled={value.trim() === ''}
            onClick={() => void store(value.trim())}
            data-testid={`${testId}-store`}
          >
            Store
          </button>
          <button type="button" className="btn btn-small" onClick={() => setEditing(false)}>
            Cancel
          </button>
        </div>
      ) : (
        <div className="credential-show">
          <code className="credential-value" data-testid={`${testId}-masked`}>
            {current?.source === 'unreadable' ? 'needs re-entering' : current ? current.masked : 'not set'}
          </code>
          {current?.source === 'variable' && <span className="is-muted">from the environment variable</span>}
          {current?.problem && (
            <span className="form-problem" role="alert" data-testid={`${testId}-problem`}>
              {current.problem}
            </span>
          )}
          <button
            type="button"
            className="btn btn-small"
            onClick={() => setEditing(true)}
            data-testid={`${testId}-replace`}
          >
            {current?.source === 'stored' ? 'Replace' : current?.source === 'unreadable' ? 'Re-enter' : 'Set'}
          </button>
          {(current?.source === 'stored' || current?.source === 'unreadable') && (
            <button type="button" className="btn btn-small" onClick={() => void store(null)}>
              Remove
            </button>
          )}
        </div>
      )}
    </div>
  )
}
