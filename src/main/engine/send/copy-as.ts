/**
 * "Copy as curl" and "Copy as SDK call" for any entry or draft. Credentials
 * come from the chosen environment and are masked unless the user asks to
 * reveal them, so a snippet pasted into a ticket leaks nothing by default.
 */
import type { SendCallType } from '../../../shared/contract/send'
import { fingerprint } from '../capture/redact'
import type { Credentials } from './outgoing'

export interface SnippetInput {
  url: string
  callType: SendCallType
  body: string
  creds: Credentials
  reveal: boolean
  baseUrl: string
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`
}

function secretText(value: string | null, reveal: boolean, placeholder: string): string {
  if (!value) return placeholder
  return reveal ? value : fingerprint(value)
}

export function curlSnippet(i: SnippetInput): string {
  const lines = [`curl -X POST ${shellQuote(i.url)}`, `  -H 'Content-Type: application/json'`]
  if (i.creds.apiKey || !i.creds.bearerToken)
    lines.push(`  -H ${shellQuote(`x-api-key: ${secretText(i.creds.apiKey, i.reveal, '<your API key>')}`)}`)
  if (i.creds.bearerToken)
    lines.push(`  -H ${shellQuote(`Authorization: Bearer ${secretText(i.creds.bearerToken, i.reveal, '')}`)}`)
  lines.push(`  --data-raw ${shellQuote(i.body)}`)
  return lines.join(' \\\n')
}

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v)
const js = (v: unknown): string => JSON.stringify(v, null, 2).replace(/\n/g, '\n  ')

/** The Node SDK's calls for the payload: it fills in context, session and timestamp itself. */
export function sdkSnippet(i: SnippetInput): string {
  let parsed: unknown
  try {
    parsed = JSON.parse(i.body)
  } catch {
    return `// The payload is not valid JSON, so it has no SDK equivalent.\n${curlSnippet(i)}`
  }
  const items = (Array.isArray(parsed) ? parsed : [parsed]).filter(isObj)
  const key = secretText(i.creds.apiKey, i.reveal, '<your API key>')
  const out = [
    `import { ThriveStack } from 'thrivestack-node-sdk'`,
    '',
    `const thriveStack = new ThriveStack({ apiKey: ${JSON.stringify(key)}, apiEndpoint: ${JSON.stringify(i.baseUrl)} })`,
  ]
  const firstUser = items.map((e) => e['user_id']).find((u) => typeof u === 'string' && u !== '')
  out.push(`await thriveStack.init(${firstUser ? JSON.stringify(firstUser) : ''})`)
  for (const item of items) {
    if (i.callType === 'track') {
      const name = item['event_name'] ?? item['event']
      out.push(
        `await thriveStack.captureEvent(${JSON.stringify(name ?? '')}, ${js(item['properties'] ?? {})})`,
      )
    } else if (i.callType === 'identify') {
      const traits = isObj(item['traits']) ? item['traits'] : {}
      const email = traits['user_email'] ?? traits['email'] ?? ''
      out.push(
        `await thriveStack.setUser(${JSON.stringify(item['user_id'] ?? '')}, ${JSON.stringify(email)}, ${js(traits)})`,
      )
    } else {
      const traits = isObj(item['traits']) ? item['traits'] : {}
      out.push(
        `await thriveStack.setGroup(${JSON.stringify(item['group_id'] ?? '')}, ${JSON.stringify(traits['account_domain'] ?? '')}, ${JSON.stringify(traits['account_name'] ?? '')}, ${js(traits)})`,
      )
    }
  }
  return out.join('\n')
}
