/**
 * `track-debugger/playwright`: assert a page's tracking inside a Playwright
 * suite, with no sleep and no polling loop.
 *
 *   import { test, expect } from 'track-debugger/playwright'
 *
 *   test('signing up tracks the plan', async ({ page, track }) => {
 *     await page.goto('/signup')
 *     await page.getByRole('button', { name: 'Start' }).click()
 *     await expect(track).toHaveEvent({ event_name: 'signup', properties: { plan: 'pro' } })
 *   })
 *
 * Each worker starts a debugger of its own (or connects to a running one:
 * `trackDebugger: { url, token }`); each test's Track calls carry the test's
 * id, so parallel workers and retries never see each other's events. The
 * matchers wait on the debugger (woken by each captured call) and, when they
 * fail, say which events came closest and why. A failed test gets its
 * captured events (NDJSON) and, with a debugger of its own, the HTML report.
 */
import { writeFile } from 'node:fs/promises'
import { expect as baseExpect, test as base, type TestInfo } from '@playwright/test'
import type { ExpectationInput } from '../shared/contract/sessions'
import type { ValidationMode } from '../shared/contract/validation'
import { describeExpectation } from '../shared/expectation-text'
import { TEST_ID_HEADER } from '../shared/test-id'
import { AutomationClient, type CapturedEvent, type EventQuery, type WaitAnswer } from './client'
import { startLocalDebugger, type LocalDebugger } from './local-debugger'
import { routeTrackCalls } from './routing'
import { toExpectation, type EventSubset, type TrackCallType } from './subset'

export { between, Between, type EventSubset, type TrackCallType } from './subset'
export type { CapturedEvent, EventQuery } from './client'

/** A debugger the user runs (`track-debugger serve`): its UI URL and token. */
export interface TrackDebuggerConnection {
  url: string
  token: string
}

export interface TrackOptions {
  /**
   * Connect to this debugger instead of starting one per worker. Default: the
   * environment's TRACK_DEBUGGER_URL and TRACK_DEBUGGER_TOKEN, when both are set.
   */
  trackDebugger: TrackDebuggerConnection | undefined
  /** A tracking plan (CSV, JSON rows or JSON Schema) the worker's debugger checks calls against. */
  trackPlan: string | undefined
  /** How the worker's debugger answers: `strict` (default) answers like the real API. */
  trackValidation: ValidationMode
  /** More endpoints whose calls are captured (the `apiEndpoint` an app uses), besides every Track API host. */
  trackEndpoints: string[]
  /** How long `.not.toHaveEvent` and `toHaveEventTimes` watch for calls that should not come, in ms. */
  trackSettleMs: number
}

/** What a test gets as `track`. */
export interface Track {
  /** Capture URL, for an app whose `apiEndpoint` the test sets itself (its calls are routed too). */
  readonly captureUrl: string
  /** This test's id on its calls (stable for a test, new for each retry and repeat). */
  readonly testId: string
  /** Headers that mark a call as this test's, for calls the test sends itself (e.g. with `request`). */
  readonly headers: Readonly<Record<string, string>>
  /** The debugger's UI for this worker (null when connected to one the user runs). */
  readonly uiUrl: string | null
  /** This test's captured events, oldest first. */
  events(query?: EventQuery): Promise<CapturedEvent[]>
  /** Waits for an event like `toHaveEvent` and returns the first that matches. */
  waitForEvent(subset: EventSubset, options?: EventMatcherOptions): Promise<CapturedEvent>
}

export interface EventMatcherOptions {
  /** How long to wait for it, in ms (default: the expect timeout). */
  timeout?: number
  /** identify or group calls; track by default. */
  type?: TrackCallType
}

interface Backend {
  client: AutomationClient
  captureUrl: string
  local: LocalDebugger | null
}

interface TrackState {
  client: AutomationClient
  testId: string
  settleMs: number
  /** What the test asserted, for the report of its own session. */
  asserted: ExpectationInput[]
}

const states = new WeakMap<Track, TrackState>()

function stateOf(track: unknown): TrackState {
  const state = states.get(track as Track)
  if (!state) throw new TypeError('expect(track): pass the `track` fixture of track-debugger/playwright.')
  return state
}

function envConnection(): TrackDebuggerConnection | undefined {
  const url = process.env['TRACK_DEBUGGER_URL']
  const token = process.env['TRACK_DEBUGGER_TOKEN']
  return url && token ? { url, token } : undefined
}

function testIdOf(info: TestInfo): string {
  // ASCII only (it travels in a header), unique per test, repeat and retry.
  return `${info.testId}-${info.repeatEachIndex}-${info.retry}`
}

type WorkerOptions = Pick<TrackOptions, 'trackDebugger' | 'trackPlan' | 'trackValidation'>
type TestOptions = Omit<TrackOptions, keyof WorkerOptions>

export const test = base.extend<TestOptions & { track: Track }, WorkerOptions & { _trackBackend: Backend }>({
  trackDebugger: [envConnection(), { option: true, scope: 'worker' }],
  trackPlan: [undefined, { option: true, scope: 'worker' }],
  trackValidation: ['strict', { option: true, scope: 'worker' }],
  trackEndpoints: [[], { option: true }],
  trackSettleMs: [1_000, { option: true }],

  _trackBackend: [
    async ({ trackDebugger, trackPlan, trackValidation }, use) => {
      if (trackDebugger) {
        const client = new AutomationClient(trackDebugger.url.replace(/\/+$/, ''), trackDebugger.token)
        const health = await client.health()
        await use({ client, captureUrl: health.captureUrl, local: null })
        return
      }
      const local = await startLocalDebugger({ plan: trackPlan, validation: trackValidation })
      try {
        await use({
          client: new AutomationClient(local.apiUrl, local.token),
          captureUrl: local.captureUrl,
          local,
        })
      } finally {
        await local.close()
      }
    },
    { scope: 'worker', timeout: 60_000 },
  ],

  track: [
    async ({ _trackBackend: backend, context, trackEndpoints, trackSettleMs }, use, testInfo) => {
      const testId = testIdOf(testInfo)
      const engine = backend.local?.engine ?? null
      // A debugger of the worker's own keeps a session per test, for the failure's HTML report.
      const session = engine
        ? await engine.call('sessions.start', { name: testInfo.titlePath.slice(1).join(' › ').slice(0, 200) })
        : null
      const unroute = await routeTrackCalls(context, backend.captureUrl, testId, trackEndpoints)
      const state: TrackState = { client: backend.client, testId, settleMs: trackSettleMs, asserted: [] }
      const track: Track = {
        captureUrl: backend.captureUrl,
        testId,
        headers: { [TEST_ID_HEADER]: testId },
        uiUrl: backend.local?.uiUrl ?? null,
        events: (query) => backend.client.events(testId, query),
        waitForEvent: async (subset, options = {}) => {
          const expectation = toExpectation(subset, { type: options.type })
          const answer = await backend.client.wait(expectation, { test: testId }, options.timeout ?? 5_000)
          if (!answer.met) throw new Error(failureText(describeExpectation(expectation), answer))
          // The first match, read alone: the event after the one before it, in this test's scope.
          const first = answer.matchedIds[0] as number
          const [event] = await backend.client.events(testId, {}, 1, first - 1)
          return event as CapturedEvent
        },
      }
      states.set(track, state)
      try {
        await use(track)
      } finally {
        await unroute().catch(() => undefined)
        const failed = testInfo.status !== testInfo.expectedStatus
        if (failed) await attachEvents(testInfo, state)
        if (engine && session) {
          if (state.asserted.length > 0)
            await engine.call('sessions.update', {
              id: session.id,
              expectations: state.asserted.slice(0, 500),
            })
          await engine.call('sessions.stop', { id: session.id })
          if (failed) {
            const report = await engine.call('sessions.report', { id: session.id, format: 'html' })
            await attachFile(testInfo, 'track-report.html', report.content, 'text/html')
          }
        }
      }
    },
    { auto: true },
  ],
})

async function attachEvents(testInfo: TestInfo, state: TrackState): Promise<void> {
  try {
    const events = await state.client.events(state.testId)
    const body = events.map((e) => JSON.stringify(e)).join('\n') + (events.length > 0 ? '\n' : '')
    await attachFile(testInfo, 'track-events.ndjson', body, 'application/x-ndjson')
  } catch (error) {
    await testInfo.attach('track-events.txt', {
      body: `The test's events could not be read: ${(error as Error).message}\n`,
      contentType: 'text/plain',
    })
  }
}

/** Attached as a file in the test's output folder: reporters link it rather than print it. */
async function attachFile(
  testInfo: TestInfo,
  name: string,
  body: string,
  contentType: string,
): Promise<void> {
  const path = testInfo.outputPath(name)
  await writeFile(path, body)
  await testInfo.attach(name, { path, contentType })
}

/** "page_visit ×1, signup ×2": what the test did send, for a failure message. */
async function sentSummary(state: TrackState): Promise<string> {
  const events = await state.client.events(state.testId)
  if (events.length === 0) return "This test's page sent no Track call."
  const counts = new Map<string, number>()
  for (const e of events) {
    const key = e.eventName ?? e.callType
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  const list = [...counts].map(([name, n]) => `${name} ×${n}`)
  return `This test's calls: ${list.slice(0, 12).join(', ')}${list.length > 12 ? ', …' : ''}.`
}

function failureText(expected: string, answer: WaitAnswer): string {
  return [`Expected: ${expected}`, `Received: ${answer.message.replace(/\n/g, '\n  ')}`].join('\n')
}

interface MatcherContext {
  isNot: boolean
  timeout?: number
  utils: { matcherHint: (name: string, received?: string, expected?: string, options?: object) => string }
}

type MatcherResult = { pass: boolean; message: () => string; name: string }

function timeoutOf(ctx: MatcherContext, options: { timeout?: number } | undefined): number {
  return options?.timeout ?? ctx.timeout ?? 5_000
}

async function result(
  ctx: MatcherContext,
  name: string,
  state: TrackState,
  pass: boolean,
  lines: string[],
): Promise<MatcherResult> {
  // The summary is read now: the message is built after the matcher returns, when the test may be over.
  const sent = pass === ctx.isNot ? await sentSummary(state).catch(() => '') : ''
  const hint = ctx.utils.matcherHint(name, 'track', 'expected', { isNot: ctx.isNot })
  return { pass, name, message: () => [hint, '', ...lines, ...(sent ? ['', sent] : [])].join('\n') }
}

export const expect = baseExpect.extend({
  /** A matching event arrives within the timeout; with `.not`, none arrives within the settle window. */
  async toHaveEvent(track: Track, subset: EventSubset, options?: EventMatcherOptions) {
    const state = stateOf(track)
    const expectation = toExpectation(subset, { type: options?.type })
    const described = describeExpectation(expectation)
    const timeout = this.isNot ? (options?.timeout ?? state.settleMs) : timeoutOf(this, options)
    state.asserted.push({
      ...expectation,
      count: this.isNot ? { mode: 'exactly', n: 0 } : undefined,
      description: this.isNot ? 'expect(track).not.toHaveEvent' : 'expect(track).toHaveEvent',
    })
    const answer = await state.client.wait(expectation, { test: state.testId }, timeout)
    const lines = this.isNot
      ? [
          `Expected: no ${described} within ${timeout} ms`,
          `Received: ${answer.matchCount} matching event${answer.matchCount === 1 ? '' : 's'} (#${answer.matchedIds.slice(0, 5).join(', #')})`,
        ]
      : [failureText(described, answer), `Waited ${answer.waitedMs} ms.`]
    return result(this, 'toHaveEvent', state, answer.met, lines)
  },

  /** Exactly `times` matching events: waits for them, then watches the settle window for one too many. */
  async toHaveEventTimes(track: Track, subset: EventSubset, times: number, options?: EventMatcherOptions) {
    const state = stateOf(track)
    if (!Number.isInteger(times) || times < 0)
      throw new TypeError(`toHaveEventTimes: times must be a whole number, got ${times}.`)
    const count = (n: number): ExpectationInput =>
      toExpectation(subset, { type: options?.type, count: { n } })
    const described = describeExpectation(
      toExpectation(subset, { type: options?.type, count: { mode: 'exactly', n: times } }),
    )
    state.asserted.push({
      ...count(times),
      count: { mode: 'exactly', n: times },
      description: 'toHaveEventTimes',
    })
    const enough =
      times === 0
        ? null
        : await state.client.wait(count(times), { test: state.testId }, timeoutOf(this, options))
    if (enough && !enough.met)
      return result(this, 'toHaveEventTimes', state, false, [failureText(described, enough)])
    const tooMany = await state.client.wait(count(times + 1), { test: state.testId }, state.settleMs)
    const seen = tooMany.matchCount
    return result(this, 'toHaveEventTimes', state, !tooMany.met, [
      `Expected: ${described}`,
      `Received: ${seen} matching event${seen === 1 ? '' : 's'}${tooMany.met ? ` (#${tooMany.matchedIds.slice(0, 10).join(', #')})` : ''} after watching ${state.settleMs} ms`,
    ])
  },

  /** Each event arrives after the one before it (other calls may come between them). */
  async toHaveEventsInOrder(track: Track, subsets: EventSubset[], options?: EventMatcherOptions) {
    const state = stateOf(track)
    if (!Array.isArray(subsets) || subsets.length === 0)
      throw new TypeError('toHaveEventsInOrder takes a list of expected events.')
    const steps = subsets.map((s) => toExpectation(s, { type: options?.type }))
    steps.forEach((e, i) =>
      state.asserted.push({ ...e, description: `toHaveEventsInOrder, step ${i + 1} of ${steps.length}` }),
    )
    const deadline = performance.now() + timeoutOf(this, options)
    let after = 0
    const seen: string[] = []
    for (const [i, step] of steps.entries()) {
      const described = describeExpectation(step)
      const answer = await state.client.wait(
        step,
        { test: state.testId, after },
        deadline - performance.now(),
      )
      if (!answer.met) {
        // Did it come, but too early? Then the order is what failed.
        const anywhere = after > 0 ? await state.client.wait(step, { test: state.testId }, 0) : null
        const lines = [
          `Expected, in this order: ${steps.map((s, k) => `${k + 1}. ${describeExpectation(s)}`).join('  ')}`,
          ...(seen.length > 0 ? [`Seen in order: ${seen.join(', ')}`] : []),
          anywhere?.met
            ? `Step ${i + 1} (${described}) came only before step ${i}: event${anywhere.matchCount === 1 ? '' : 's'} #${anywhere.matchedIds.slice(0, 5).join(', #')}, none after #${after}.`
            : `Step ${i + 1} never came: ${answer.message.replace(/\n/g, '\n  ')}`,
        ]
        return result(this, 'toHaveEventsInOrder', state, false, lines)
      }
      after = answer.matchedIds[0] as number
      seen.push(`${i + 1}. #${after}`)
    }
    return result(this, 'toHaveEventsInOrder', state, true, [
      `Expected the events not to come in this order, but they did: ${seen.join(', ')}`,
    ])
  },

  /** No call of this test was invalid: spec errors and tracking-plan violations are listed on failure. */
  async toHaveNoInvalidEvents(track: Track) {
    const state = stateOf(track)
    const invalid = await state.client.events(state.testId, { status: 'invalid' })
    const lines = invalid.slice(0, 10).flatMap((e) => [
      `  #${e.id} ${e.eventName ?? e.callType}:`,
      ...e.findings
        .filter((f) => f.severity === 'error')
        .slice(0, 5)
        .map((f) => `      ${f.path ? `${f.path}: ` : ''}${f.message} (${f.rule})`),
    ])
    return result(this, 'toHaveNoInvalidEvents', state, invalid.length === 0, [
      invalid.length === 0
        ? 'Expected some invalid call, but every call of this test was valid.'
        : `Expected no invalid call; ${invalid.length} ${invalid.length === 1 ? 'was' : 'were'} invalid:`,
      ...lines,
    ])
  },
})
