import { useEffect, type ReactNode } from 'react'
import { useEnvironmentsStore } from '../../stores/environments-store'

/** Where a send goes; shows whether the environment has a key, never the key. */
export function EnvironmentPicker({
  value,
  onChange,
  testId = 'environment-picker',
  showUrl = true,
  label = 'Send to',
}: {
  value: string
  onChange: (id: string) => void
  testId?: string
  showUrl?: boolean
  label?: string
}): ReactNode {
  const environments = useEnvironmentsStore((s) => s.environments)
  const loaded = useEnvironmentsStore((s) => s.loaded)
  const load = useEnvironmentsStore((s) => s.load)
  useEffect(() => {
    if (!loaded) void load()
  }, [loaded, load])
  const current = environments.find((e) => e.id === value)
  return (
    <label className="env-picker">
      <span className="env-picker-label">{label}</span>
      <select
        className="select"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        data-testid={testId}
        title={current?.baseUrl}
      >
        {environments.map((env) => (
          <option key={env.id} value={env.id}>
            {env.name}
            {env.apiKey || env.bearerToken ? '' : ' (no key)'}
          </option>
        ))}
      </select>
      {current && showUrl && (
        <code className="env-picker-url" title={current.baseUrl}>
          {current.baseUrl}
        </code>
      )}
    </label>
  )
}
