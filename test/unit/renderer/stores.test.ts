/** Renderer stores against a fake Api typed by the contract: what they ask, what they keep, what they show on failure. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ProxyStatus } from '../../../src/shared/contract/proxy'
import type { RetentionStatus } from '../../../src/shared/contract/retention'
import type { PlanParseResult } from '../../../src/shared/contract/validation'
import { usePlanStore } from '../../../src/renderer/src/stores/plan-store'
import { useProxyStore } from '../../../src/renderer/src/stores/proxy-store'
import { useRetentionStore } from '../../../src/renderer/src/stores/retention-store'
import { useSessionsStore } from '../../../src/renderer/src/stores/sessions-store'
import type { SessionComparison, SessionDetail } from '../../../src/shared/contract/sessions'
import { useValidationStore } from '../../../src/renderer/src/stores/validation-store'
import { fakeApi, install } from './fake-api'

const INITIAL = {
  validation: useValidationStore.getState(),
  proxy: useProxyStore.getState(),
  retention: useRetentionStore.getState(),
  sessions: useSessionsStore.getState(),
  plan: usePlanStore.getState(),
}
beforeEach(() => {
  useValidationStore.setState(INITIAL.validation, true)
  useProxyStore.setState(INITIAL.proxy, true)
  useRetentionStore.setState(INITIAL.retention, true)
  useSessionsStore.setState(INITIAL.sessions, true)
  usePlanStore.setState(INITIAL.plan, true)
})

describe('validation store', () => {
  it('loads the mode and rules, follows validation.changed, and subscribes once', async () => {
    const fake = fakeApi({
      'validation.mode.get': () => ({ mode: 'strict' }),
      'rules.list': () => [
        { id: 'user_id.type', severity: 'error', source: 'spec', description: 'not a string' },
      ],
    })
    install(fake)
    await useValidationStore.getState().load()
    await useValidationStore.getState().load()
    expect(useValidationStore.getState()).toMatchObject({ mode: 'strict', error: null })
    expect(useValidationStore.getState().rules.map((r) => r.id)).toEqual(['user_id.type'])
    expect(fake.listeners('validation.changed')).toBe(1)
    fake.push('validation.changed', { mode: 'lenient', planUpdatedAt: null })
    expect(useValidationStore.getState().mode).toBe('lenient')
  })

  it('shows a mode only once the engine has it, marked pending meanwhile', async () => {
    let confirm = (): void => {}
    install(
      fakeApi({
        'validation.mode.get': () => ({ mode: 'strict' }),
        'rules.list': () => [],
        'validation.mode.set': () => new Promise((resolve) => (confirm = () => resolve({ mode: 'lenient' }))),
      }),
    )
    await useValidationStore.getState().load()
    const setting = useValidationStore.getState().setMode('lenient')
    expect(useValidationStore.getState()).toMatchObject({ mode: 'strict', pending: 'lenient' })
    confirm()
    await setting
    expect(useValidationStore.getState()).toMatchObject({ mode: 'lenient', pending: null, modeError: null })
  })

  it('keeps the mode and says why when the engine refuses a change', async () => {
    install(
      fakeApi({
        'validation.mode.get': () => ({ mode: 'strict' }),
        'rules.list': () => [],
        'validation.mode.set': () => {
          throw new Error('The log is read-only.')
        },
      }),
    )
    await useValidationStore.getState().load()
    await useValidationStore.getState().setMode('lenient')
    expect(useValidationStore.getState()).toMatchObject({
      mode: 'strict',
      pending: null,
      modeError: 'The mode was not changed: The log is read-only.',
    })
  })

  it('a read of the mode that was on its way before a confirmed change does not undo it', async () => {
    let answerRead = (): void => {}
    install(
      fakeApi({
        'validation.mode.get': () =>
          new Promise((resolve) => (answerRead = () => resolve({ mode: 'strict' }))),
        'rules.list': () => [],
        'validation.mode.set': ({ mode }) => ({ mode }),
      }),
    )
    const loading = useValidationStore.getState().load()
    await useValidationStore.getState().setMode('lenient')
    answerRead()
    await loading
    expect(useValidationStore.getState().mode).toBe('lenient')
  })
})

const proxyStatus = (hosts: string[]): ProxyStatus =>
  ({ url: 'http://127.0.0.1:8789', trackHosts: hosts }) as unknown as ProxyStatus

describe('proxy store', () => {
  it('keeps the status it is pushed, and says what an action did', async () => {
    const fake = fakeApi({
      'proxy.status': () => proxyStatus(['*.thrivestack.ai']),
      'proxy.browsers': () => [],
      'proxy.setTrackHosts': ({ hosts }) => proxyStatus(hosts),
    })
    install(fake)
    await useProxyStore.getState().load()
    fake.push('proxy.changed', proxyStatus(['pushed.example']))
    expect(useProxyStore.getState().status).toMatchObject({ trackHosts: ['pushed.example'] })
    expect(await useProxyStore.getState().setTrackHosts(['api.example'])).toBe(true)
    expect(fake.calls.at(-1)).toEqual({ method: 'proxy.setTrackHosts', input: { hosts: ['api.example'] } })
    expect(useProxyStore.getState()).toMatchObject({
      status: { trackHosts: ['api.example'] },
      busy: false,
      notice: expect.stringContaining('Saved'),
      error: null,
    })
  })

  it('still shows the status when the browser list fails, with the failure', async () => {
    install(
      fakeApi({
        'proxy.status': () => proxyStatus([]),
        'proxy.browsers': () => {
          throw new Error('could not list browsers')
        },
      }),
    )
    await useProxyStore.getState().load()
    expect(useProxyStore.getState()).toMatchObject({
      status: { trackHosts: [] },
      error: 'could not list browsers',
    })
  })
})

describe('retention store', () => {
  it('saves limits and marks them saved until the next edit; a refusal keeps the form and says why', async () => {
    const status = {
      limits: { maxEvents: 1000, maxAgeDays: null, maxBytes: null },
    } as unknown as RetentionStatus
    let refuse = false
    install(
      fakeApi({
        'retention.set': (limits) => {
          if (refuse) throw new Error('maxEvents must be at least 100')
          return { ...status, limits } as RetentionStatus
        },
      }),
    )
    expect(
      await useRetentionStore.getState().save({ maxEvents: 1000, maxAgeDays: null, maxBytes: null }),
    ).toBe(true)
    expect(useRetentionStore.getState()).toMatchObject({ saved: true, saving: false, error: null })
    useRetentionStore.getState().markEdited()
    expect(useRetentionStore.getState().saved).toBe(false)
    refuse = true
    expect(await useRetentionStore.getState().save({ maxEvents: 1, maxAgeDays: null, maxBytes: null })).toBe(
      false,
    )
    expect(useRetentionStore.getState()).toMatchObject({
      saved: false,
      saving: false,
      error: 'maxEvents must be at least 100',
      status: { limits: { maxEvents: 1000 } },
    })
  })
})

const session = (id: number, stoppedAt: number | null = null): SessionDetail =>
  ({
    id,
    name: `Run ${id}`,
    stoppedAt,
    results: [],
    passed: true,
    met: 0,
    failed: 0,
    pending: 0,
  }) as unknown as SessionDetail

describe('sessions store', () => {
  it('starts a session, shows it, and reads the list and the active one again', async () => {
    const fake = fakeApi({
      'sessions.start': (input) => ({ ...session(7), name: input.name }),
      'sessions.list': () => [session(7)],
      'sessions.active': () => session(7),
      'sessions.get': ({ id }) => session(id),
    })
    install(fake)
    expect(await useSessionsStore.getState().startSession({ name: 'Checkout, build 412' })).toBe(true)
    expect(fake.calls[0]).toEqual({ method: 'sessions.start', input: { name: 'Checkout, build 412' } })
    expect(useSessionsStore.getState()).toMatchObject({
      mode: 'detail',
      selectedId: 7,
      busy: false,
      error: null,
      active: { id: 7 },
    })
    expect(fake.calls.map((c) => c.method)).toEqual([
      'sessions.start',
      'sessions.list',
      'sessions.active',
      'sessions.get',
    ])
  })

  it('compares the older session with the newer, whichever was picked first', async () => {
    const fake = fakeApi({
      'sessions.compare': ({ a, b }) => ({ a: { id: a }, b: { id: b } }) as unknown as SessionComparison,
    })
    install(fake)
    useSessionsStore.getState().toggleCompare(9)
    useSessionsStore.getState().toggleCompare(4)
    await useSessionsStore.getState().compare()
    expect(fake.calls).toEqual([{ method: 'sessions.compare', input: { a: 4, b: 9 } }])
    expect(useSessionsStore.getState()).toMatchObject({ mode: 'compare', comparison: { a: { id: 4 } } })
  })

  it('says what to do when a checklist from the plan is asked for and no plan is loaded', async () => {
    install(fakeApi({ 'sessions.planExpectations': () => ({ available: false, expectations: [] }) }))
    expect(await useSessionsStore.getState().planExpectations()).toBeNull()
    expect(useSessionsStore.getState().error).toMatch(/No tracking plan is loaded/)
  })

  it('keeps the session on screen and shows the reason when a stop fails', async () => {
    install(
      fakeApi({
        'sessions.stop': ({ id }) => {
          throw new Error(`Session ${id} was already stopped.`)
        },
      }),
    )
    useSessionsStore.setState({ detail: session(3), selectedId: 3 })
    await useSessionsStore.getState().stopSession(3)
    expect(useSessionsStore.getState()).toMatchObject({
      busy: false,
      error: 'Session 3 was already stopped.',
      detail: { id: 3, stoppedAt: null },
    })
  })
})

describe('plan store', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('checks the draft once typing pauses, and keeps only the answer to the latest draft', async () => {
    const answers: ((r: PlanParseResult) => void)[] = []
    const fake = fakeApi({
      'plan.check': () => new Promise<PlanParseResult>((resolve) => answers.push(resolve)),
    })
    install(fake)
    const plan = usePlanStore.getState()
    plan.setDraft('event,property\nsigned_up,plan')
    plan.setDraft('event,property\nsigned_up,plan\nsigned_up,seats')
    expect(usePlanStore.getState().checking).toBe(true)
    await vi.advanceTimersByTimeAsync(2_000)
    // Two quick edits, one check: of the text as it stands.
    expect(fake.calls).toEqual([
      { method: 'plan.check', input: { source: 'event,property\nsigned_up,plan\nsigned_up,seats' } },
    ])
    usePlanStore.getState().setDraft('event\nsigned_up')
    await vi.advanceTimersByTimeAsync(2_000)
    expect(fake.calls).toHaveLength(2)
    // The newer check answers first; the older answer, arriving late, is dropped.
    answers[1]!({ rows: 1 } as unknown as PlanParseResult)
    await vi.advanceTimersByTimeAsync(0)
    answers[0]!({ rows: 2 } as unknown as PlanParseResult)
    await vi.advanceTimersByTimeAsync(0)
    expect(usePlanStore.getState()).toMatchObject({ check: { rows: 1 }, checking: false })
  })
})
