/**
 * The Environments screen: where sends and forwards go, each with its
 * variables and credentials. Keys are typed here once and shown only
 * masked afterwards; the engine keeps them encrypted (desktop keychain) or
 * in a 0600 file (headless), never in the log.
 */
import { useEffect, useState, type ReactNode } from 'react'
import type { EnvironmentView } from '../../../../shared/contract/send'
import { useEnvironmentsStore } from '../../stores/environments-store'
import { useSettingsStore } from '../../stores/settings-store'
import { CredentialField } from './credential-field'
import { VariablesEditor } from './variables-editor'

export function EnvironmentsView(): ReactNode {
  const environments = useEnvironmentsStore((s) => s.environments)
  const load = useEnvironmentsStore((s) => s.load)
  const error = useEnvironmentsStore((s) => s.error)
  const [selected, setSelected] = useState<string | 'new'>('development')
  useEffect(() => {
    void load()
  }, [load])
  const env = environments.find((e) => e.id === selected) ?? null

  return (
    <div className="environments" data-testid="environments">
      <aside className="composer-side" aria-label="Environments">
        <h3 className="side-title">Environments</h3>
        <ul className="side-list">
          {environments.map((e) => (
            <li key={e.id}>
              <button
                type="button"
                className={`side-item${selected === e.id ? ' is-active' : ''}`}
                onClick={() => setSelected(e.id)}
                data-testid="environment-item"
                data-environment-id={e.id}
              >
                <span className="side-item-name">{e.name}</span>
                <span
                  className={`key-dot${e.apiKey || e.bearerToken ? ' has-key' : ''}`}
                  title={e.apiKey ? 'Has a key' : 'No key'}
                />
              </button>
            </li>
          ))}
        </ul>
        <button
          type="button"
          className="btn btn-small side-add"
          onClick={() => setSelected('new')}
          data-testid="environment-add"
        >
          + Add environment
        </button>
      </aside>
      <section className="environment-main">
        {error && (
          <p className="exchange-error" role="alert" data-testid="environment-error">
            {error}
          </p>
        )}
        {selected === 'new' ? (
          <EnvironmentForm key="new" env={null} onSaved={(id) => setSelected(id)} />
        ) : env ? (
          <EnvironmentForm key={env.id} env={env} onSaved={(id) => setSelected(id)} />
        ) : (
          <p className="is-muted">Pick an environment.</p>
        )}
      </section>
    </div>
  )
}

function EnvironmentForm({
  env,
  onSaved,
}: {
  env: EnvironmentView | null
  onSaved: (id: string) => void
}): ReactNode {
  const save = useEnvironmentsStore((s) => s.save)
  const remove = useEnvironmentsStore((s) => s.remove)
  const protection = useSettingsStore((s) => s.info?.credentialProtection ?? null)
  const [name, setName] = useState(env?.name ?? '')
  const [baseUrl, setBaseUrl] = useState(env?.baseUrl ?? 'http://127.0.0.1:9000/api')
  const [variables, setVariables] = useState<Record<string, string>>(
    env?.variables ?? { user_id: 'user_123' },
  )
  const fixed = env?.builtin === true
  const dirty =
    env === null ||
    name !== env.name ||
    baseUrl !== env.baseUrl ||
    JSON.stringify(variables) !== JSON.stringify(env.variables)

  const submit = async (): Promise<void> => {
    const saved = await save({ id: env?.id, name: name.trim(), baseUrl: baseUrl.trim(), variables })
    if (saved) onSaved(saved.id)
  }

  return (
    <form
      className="environment-form"
      onSubmit={(e) => {
        e.preventDefault()
        void submit()
      }}
    >
      <h2 className="environment-title">{env ? env.name : 'New environment'}</h2>
      {fixed && (
        <p className="is-muted environment-note">
          Built in: its address is fixed{env?.id === 'local' ? ' (this debugger’s capture URL)' : ''};
          variables and credentials are yours.
        </p>
      )}
      <label className="form-row">
        <span>Name</span>
        <input
          className="input"
          value={name}
          disabled={fixed}
          onChange={(e) => setName(e.target.value)}
          required
          data-testid="environment-name"
        />
      </label>
      <label className="form-row">
        <span>Base URL</span>
        <input
          className="input input-wide"
          value={baseUrl}
          disabled={fixed}
          onChange={(e) => setBaseUrl(e.target.value)}
          required
          data-testid="environment-url"
        />
      </label>
      <div className="form-row">
        <span>Variables</span>
        <VariablesEditor value={variables} onChange={setVariables} />
      </div>
      <div className="form-actions">
        <button
          type="submit"
          className="btn btn-primary btn-small"
          disabled={!dirty}
          data-testid="environment-save"
        >
          {env ? 'Save changes' : 'Create environment'}
        </button>
        {env && !fixed && (
          <button
            type="button"
            className="btn btn-small"
            onClick={() => void remove(env.id).then(() => onSaved('development'))}
          >
            Delete
          </button>
        )}
      </div>
      {env && (
        <fieldset className="credentials">
          <legend>Credentials</legend>
          <p className="muted credential-protection" data-testid="credential-protection">
            {protection === null
              ? null
              : /keychain/.test(protection)
                ? `Keys are ${protection}; never stored in the event log.`
                : `Keys are ${protection}: no keychain is used, so the file's permissions are their only protection. They are never stored in the event log.`}
          </p>
          <CredentialField env={env} kind="apiKey" label="x-api-key" />
          <CredentialField env={env} kind="bearerToken" label="Bearer token (older clients)" />
        </fieldset>
      )}
    </form>
  )
}
