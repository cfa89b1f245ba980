/**
 * Placeholders in composed payloads: `{{$uuid}}`, `{{$now}}` (ISO-8601),
 * `{{$timestamp}}` (epoch ms) and the environment's own variables
 * (`{{user_id}}`). Resolved once, at send time, and what was sent is what
 * the log keeps. Values are JSON-escaped so a quote in a variable cannot
 * break the payload around it; an unknown name is an error, never an
 * empty string sent to a real API.
 */
import { randomUUID } from 'node:crypto'

const PLACEHOLDER = /\{\{\s*(\$?[A-Za-z_][A-Za-z0-9_.-]*)\s*\}\}/g

export class UnknownVariableError extends Error {
  constructor(readonly names: string[]) {
    super(
      `Unknown variable${names.length === 1 ? '' : 's'} ${names.map((n) => `{{${n}}}`).join(', ')}: ` +
        'define it in the environment, or use {{$uuid}}, {{$now}} or {{$timestamp}}.',
    )
    this.name = 'UnknownVariableError'
  }
}

function escapeJson(value: string): string {
  return JSON.stringify(value).slice(1, -1)
}

export function placeholderNames(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1] as string))]
}

export function resolveVariables(
  text: string,
  variables: Record<string, string>,
  now: () => Date = () => new Date(),
): string {
  // Own properties only: `{{constructor}}` or `{{__proto__}}` must read as unknown, not as Object's own members.
  const missing = placeholderNames(text).filter((n) => !n.startsWith('$') && !Object.hasOwn(variables, n))
  const unknownBuiltins = placeholderNames(text).filter(
    (n) => n.startsWith('$') && !['$uuid', '$now', '$timestamp'].includes(n),
  )
  if (missing.length > 0 || unknownBuiltins.length > 0)
    throw new UnknownVariableError([...unknownBuiltins, ...missing])
  // One clock reading per send, so {{$now}} and {{$timestamp}} agree within a payload.
  const at = now()
  return text.replace(PLACEHOLDER, (_all, name: string) => {
    switch (name) {
      case '$uuid':
        return randomUUID()
      case '$now':
        return at.toISOString()
      case '$timestamp':
        return String(at.getTime())
      default:
        return escapeJson(Object.hasOwn(variables, name) ? String(variables[name]) : '')
    }
  })
}
