/** Renderer stores against a fake Api typed by the contract: what they ask, what they keep, what they show on failure. */
import { beforeEach, describe, expect, it } from 'vitest'
import type { ProxyStatus } from '../../../src/shared/contract/proxy'
import type { RetentionStatus } from '../../../src/shared/contract/retention'
import { useProxyStore } from '../../../src/renderer/src/stores/proxy-store'
import { useRetentionStore } from '../../../src/renderer/src/stores/retention-store'
import { useValidationStore } from '../../../src/renderer/src/stores/validation-store'
import { fakeApi, install } from './fake-api'

const INITIAL = {
  validation: useValidationStore.getState(),
  proxy: useProxyStore.getState(),
  retention: useRetentionStore.getState(),
}
beforeEach(() => {
  useValidationStore.setState(INITIAL.validation, true)
  useProxyStore.setState(INITIAL.proxy, true)
  useRetentionStore.setState(INITIAL.retention, true)
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

  it('shows a mode change at once and takes it back, with the reason, when the engine refuses', async () => {
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
    const setting = useValidationStore.getState().setMode('lenient')
    expect(useValidationStore.getState().mode).toBe('lenient')
    await setting
    expect(useValidationStore.getState()).toMatchObject({ mode: 'strict', error: 'The log is read-only.' })
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
