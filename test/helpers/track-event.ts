/** The Track payloads tests send; no engine imports, so Playwright fixtures can use it too. */

/** A track event shaped like the browser SDK sends it. */
export function trackEvent(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    event_name: name,
    properties: { plan: 'pro', email: 'ada@example.com', name: 'Ada Lovelace' },
    user_id: 'user_123',
    context: {
      group_id: 'acct_9',
      device_id: 'd_5f2c',
      session_id: 'session_k3j9x2a1b7q',
      source: 'product',
    },
    timestamp: new Date().toISOString(),
    ...extra,
  }
}
