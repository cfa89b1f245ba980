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
            {current ? current.masked : 'not set'}
          </code>
          {current?.source === 'variable' && <span className="is-muted">from the environment variable</span>}
          <button
            type="button"
            className="btn btn-small"
            onClick={() => setEditing(true)}
            data-testid={`${testId}-replace`}
          >
            {current?.source === 'stored' ? 'Replace' : 'Set'}
          </button>
          {current?.source === 'stored' && (
            <button type="button" className="btn btn-small" onClick={() => void store(null)}>
              Remove
            </button>
          )}
        </div>
      )}
    </div>
  )
}
