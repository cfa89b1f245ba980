/**
 * The fixture's one way to ask a debugger something: its automation API
 * over loopback HTTP, with the run's bearer token. The same client serves
 * a debugger the worker started and one the user runs themselves.
 */
import type { ExpectationInput, NearMiss } from '../shared/contract/sessions'
import type { CallType, Finding, Status } from '../shared/model'

export interface WaitAnswer {
  met: boolean
  verdict: 'met' | 'pending' | 'failed'
  matchCount: number
  matchedIds: number[]
  nearMisses: NearMiss[]
  similarNames: { eventName: string; count: number }[]
  waitedMs: number
  lastEventId: number
  message: string
}

/** One captured event, as the automation API gives it. */
export interface CapturedEvent {
  id: number
  receivedAt: string
  callType: CallType
  eventName: string | null
  userId: string | null
  status: Status
  findings: Finding[]
  /** The event as sent, parsed; null for a call that carried none. */
  event: unknown
}

export interface EventQuery {
  eventName?: string | string[]
  type?: CallType | CallType[]
  status?: Status | Status[]
}

export class DebuggerUnreachableError extends Error {}

export class AutomationClient {
  constructor(
    /** The debugger's UI/automation base URL, e.g. http://127.0.0.1:8788. */
    readonly baseUrl: string,
    private readonly token: string,
  ) {}

  private async request<T>(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    accept: number[] = [200],
  ): Promise<{ status: number; json: T }> {
    let res: Response
    try {
      res = await fetch(`${this.baseUrl}/automation/v1${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
    } catch (error) {
      throw new DebuggerUnreachableError(
        `Track Debugger at ${this.baseUrl} did not answer (${(error as Error).cause ?? (error as Error).message}).`,
      )
    }
    const text = await res.text()
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      json = { message: text }
    }
    if (!accept.includes(res.status)) {
      const message = (json as { error?: { message?: string }; message?: string }).error?.message
      throw new Error(
        `Track Debugger answered ${res.status} to ${method} ${path}: ${message ?? (json as { message?: string }).message ?? text}`,
      )
    }
    return { status: res.status, json: json as T }
  }

  async health(): Promise<{ version: string; captureUrl: string; lastEventId: number }> {
    return (
      await this.request<{ version: string; captureUrl: string; lastEventId: number }>('GET', '/health')
    ).json
  }

  /** Waits (woken by each commit, never polling) until the expectation is met or `timeoutMs` passes. */
  async wait(
    expectation: ExpectationInput,
    scope: { test: string; after?: number },
    timeoutMs: number,
  ): Promise<WaitAnswer> {
    const { json } = await this.request<WaitAnswer>(
      'POST',
      '/wait',
      { expectation, test: scope.test, after: scope.after, timeoutMs: Math.max(0, Math.round(timeoutMs)) },
      [200, 422],
    )
    return json
  }

  /** The test's events with an id above `after`, oldest first (every page, up to `max`). */
  async events(test: string, query: EventQuery = {}, max = 5_000, after = 0): Promise<CapturedEvent[]> {
    const params = new URLSearchParams({ test, after: String(after), limit: String(Math.min(1000, max)) })
    const list = (v: string | string[] | undefined): string | undefined =>
      v === undefined ? undefined : Array.isArray(v) ? v.join(',') : v
    for (const [key, value] of [
      ['event_name', list(query.eventName)],
      ['type', list(query.type)],
      ['status', list(query.status)],
    ] as const)
      if (value !== undefined) params.set(key, value)
    const out: CapturedEvent[] = []
    for (;;) {
      const { json } = await this.request<{ items: CapturedEvent[]; nextAfter: number | null }>(
        'GET',
        `/events?${params}`,
      )
      out.push(...json.items)
      if (json.nextAfter === null || json.items.length === 0 || out.length >= max) return out.slice(0, max)
      params.set('after', String(json.nextAfter))
    }
  }
}
