/**
 * Ready-to-paste ways to point a client at the capture server. The SDKs take
 * the base URL as `apiEndpoint` and append `/track`, `/identify`, `/group`.
 * The calls follow the published type definitions of
 * @thrivestack/analytics-browser (`init(apiKey, source, options)`) and
 * thrivestack-node-sdk (`new ThriveStack(options)`, `init(userId)`).
 */
export function browserSdkSnippet(captureUrl: string): string {
  return `import * as thrivestack from '@thrivestack/analytics-browser'

await thrivestack.init('YOUR_API_KEY', 'product', {
  apiEndpoint: '${captureUrl}', // Track Debugger
})

await thrivestack.track('signed_up', { plan: 'pro' })`
}

export function nodeSdkSnippet(captureUrl: string): string {
  return `import { ThriveStack } from 'thrivestack-node-sdk'

const thriveStack = new ThriveStack({
  apiKey: process.env.THRIVESTACK_API_KEY,
  apiEndpoint: '${captureUrl}', // Track Debugger
  source: 'product',
})
await thriveStack.init('user_123')

await thriveStack.captureEvent('signed_up', { plan: 'pro' })`
}

export function curlSnippet(captureUrl: string, now: Date = new Date()): string {
  const body = JSON.stringify([
    {
      event_name: 'signed_up',
      user_id: 'user_123',
      properties: { plan: 'pro' },
      timestamp: now.toISOString(),
    },
  ])
  return `curl -X POST ${captureUrl}/track -H 'Content-Type: application/json' -H 'x-api-key: test' -d '${body}'`
}
