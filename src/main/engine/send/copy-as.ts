/**
 * "Copy as" curl, fetch, the Node SDK or the browser SDK, for any entry or
 * draft, every field of the payload kept. Credentials
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

const js = (v: unknown): string => JSON.stringify(v, null, 2)

/** The payload as the SDKs take it: an array of events, every field kept (context, timestamp...). */
function events(body: string): unknown[] | null {
  try {
    const parsed: unknown = JSON.parse(body)
    return Array.isArray(parsed) ? parsed : [parsed]
  } catch {
    return null
  }
}

const notJson = (i: SnippetInput): string =>
  `// The payload is not valid JSON, so it has no SDK form; this is the request as it would go.\n${curlSnippet(i)}`

/** `fetch` from a page or Node 18+: the exact request, headers and all. */
export function fetchSnippet(i: SnippetInput): string {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' }
  if (i.creds.apiKey || !i.creds.bearerToken)
    headers['x-api-key'] = secretText(i.creds.apiKey, i.reveal, '<your API key>')
  if (i.creds.bearerToken)
    headers['Authorization'] = `Bearer ${secretText(i.creds.bearerToken, i.reveal, '')}`
  const list = events(i.body)
  const body = list === null ? JSON.stringify(i.body) : `JSON.stringify(${js(list).replace(/\n/g, '\n  ')})`
  return [
    `const response = await fetch(${JSON.stringify(i.url)}, {`,
    `  method: 'POST',`,
    `  headers: ${js(headers).replace(/\n/g, '\n  ')},`,
    `  body: ${body},`,
    `})`,
    `console.log(response.status, await response.json())`,
  ].join('\n')
}

/** The Node SDK, configured for the environment, sending the events as they are. */
export function nodeSnippet(i: SnippetInput): string {
  const list = events(i.body)
  if (list === null) return notJson(i)
  const key = secretText(i.creds.apiKey, i.reveal, '<your API key>')
  return [
    `import { ThriveStack } from 'thrivestack-node-sdk'`,
    '',
    `const thriveStack = new ThriveStack({ apiKey: ${JSON.stringify(key)}, apiEndpoint: ${JSON.stringify(i.baseUrl)} })`,
    `await thriveStack.${i.callType}(${js(list)})`,
  ].join('\n')
}

/** The browser SDK on a page that has already loaded and initialised it. */
export function browserSnippet(i: SnippetInput): string {
  const list = events(i.body)
  if (list === null) return notJson(i)
  return `thriveStack.${i.callType}(${js(list)})`
}

export const SNIPPETS = {
  curl: curlSnippet,
  fetch: fetchSnippet,
  node: nodeSnippet,
  browser: browserSnippet,
} as const
