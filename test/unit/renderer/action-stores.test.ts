/**
 * The stores behind the user's own actions, against a fake Api typed by the
 * contract: resending an edited call, picking rows for a batch, composing
 * and saving payloads, the filter box's suggestions, and the two small
 * stores every screen reads (the view, the connection). Each test loads the
 * stores afresh, so closures and subscriptions never leak between tests.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { SavedPayload, SendOutcome } from '../../../src/shared/contract/send'
import type { EventDetail } from '../../../src/shared/model'
import { freshFake, type Answers } from './fake-api'

async function fresh(answers: Answers) {
  const fake = await freshFake(answers)
  return {
    fake,
    send: (await import('../../../src/renderer/src/stores/send-store')).useSendStore,
    composer: (await import('../../../src/renderer/src/stores/composer-store')).useComposerStore,
    assist: (await import('../../../src/renderer/src/stores/filter-assist-store')).useFilterAssistStore,
    view: (await import('../../../src/renderer/src/stores/view-store')).useViewStore,
    connection: (await import('../../../src/renderer/src/stores/connection-store')).useConnectionStore,
  }
}
afterEach(() => vi.useRealTimers())

const detail = (over: Partial<EventDetail> = {}): EventDetail =>
  ({
    id: 12,
    requestId: 5,
    kind: 'event',
    callType: 'track',
    eventName: 'signed_up',
    json: '{"event_name":"signed_up","user_id":"u1"}',
    request: { bodyText: '[{"event_name":"signed_up","user_id":"u1"}]', contentType: 'application/json' },
    ...over,
  }) as unknown as EventDetail

const outcome = (requestId: number, status: number): SendOutcome =>
  ({ requestId, eventId: requestId * 10, exchange: { requestId, status } }) as unknown as SendOutcome

describe('send store', () => {
  it('opens a captured event as a one-event batch, sends the edit as a resend of its request, and says what failed', async () => {
    let fail = false
    const s = await fresh({
      'send.vocabulary': () => ({ eventNames: ['signed_up'], propertyNames: ['plan'] }),
      'send.request': () => {
        if (fail) throw new Error('The environment has no API key.')
        return outcome(9, 200)
      },
    })
    s.send.getState().openResend(detail())
    const draft = s.send.getState().draft!
    expect(JSON.parse(draft.text)).toEqual([{ event_name: 'signed_up', user_id: 'u1' }])
    expect(draft).toMatchObject({ sourceEventId: 12, sourceRequestId: 5, title: 'signed_up' })
    await vi.waitFor(() => expect(s.send.getState().vocabulary.eventNames).toEqual(['signed_up']))

    s.send.getState().setText('[{"event_name":"signed_up","user_id":"u2"}]')
    expect(await s.send.getState().send('staging')).toEqual(outcome(9, 200))
    expect(s.fake.calls.find((c) => c.method === 'send.request')?.input).toEqual({
      environmentId: 'staging',
      callType: 'track',
      body: '[{"event_name":"signed_up","user_id":"u2"}]',
      origin: 'resend',
      parentRequestId: 5,
    })
    s.send.getState().resetText()
    expect(s.send.getState().draft?.text).toBe(draft.original)

    fail = true
    expect(await s.send.getState().send('staging')).toBeNull()
    expect(s.send.getState()).toMatchObject({ sending: false, sendError: 'The environment has no API key.' })
  })

  it('does not offer a resend for a call type the API has no endpoint to send', async () => {
    const s = await fresh({})
    s.send.getState().openResend(detail({ callType: 'preflight' } as Partial<EventDetail>))
    expect(s.send.getState().draft).toBeNull()
  })

  it('picks rows like a file list (the open row first, shift extends), and sends the batch', async () => {
    const s = await fresh({ 'send.batch': ({ eventIds }) => eventIds.map((id) => outcome(id, 200)) })
    const order = [50, 40, 30, 20, 10]
    s.send.getState().pick(30, false, order, 40)
    expect(s.send.getState().picked).toEqual([40, 30])
    s.send.getState().pick(10, true, order)
    expect(s.send.getState().picked).toEqual([40, 30, 20, 10])
    s.send.getState().pick(20, false, order)
    expect(s.send.getState().picked).toEqual([40, 30, 10])
    await s.send.getState().sendPicked('development', 'each')
    expect(s.fake.calls.at(-1)).toEqual({
      method: 'send.batch',
      input: { environmentId: 'development', eventIds: [40, 30, 10], grouping: 'each' },
    })
    expect(s.send.getState().batchResult?.outcomes).toHaveLength(3)
    s.send.getState().clearPicked()
    expect(s.send.getState()).toMatchObject({ picked: [], batchResult: null })
  })

  it('follows capture mode changes pushed by the engine', async () => {
    const s = await fresh({ 'capture.getMode': () => ({ mode: 'capture' }) as never })
    await s.send.getState().loadMode()
    expect(s.send.getState().mode).toMatchObject({ mode: 'capture' })
    s.fake.push('capture.modeChanged', { mode: 'forward' } as never)
    expect(s.send.getState().mode).toMatchObject({ mode: 'forward' })
  })
})

const saved = (id: number, name: string): SavedPayload =>
  ({ id, name, collection: 'Checkout', callType: 'track', body: '[]' }) as unknown as SavedPayload

describe('composer store', () => {
  it('starts from a template, refuses to save without a name, saves into a collection, and reopens a saved one', async () => {
    let list: SavedPayload[] = []
    const s = await fresh({
      'collections.save': (input) => {
        const made = saved(1, input.name)
        list = [made]
        return made
      },
      'collections.list': () => list,
      'collections.delete': () => ({ deleted: true }) as never,
    })
    s.composer.getState().useTemplate('identify')
    expect(s.composer.getState().callType).toBe('identify')
    expect(s.composer.getState().text.length).toBeGreaterThan(2)

    await s.composer.getState().save()
    expect(s.composer.getState().error).toBe('Give the payload a name to save it.')
    expect(s.fake.calls).toEqual([])

    s.composer.getState().setName('  Signup  ')
    s.composer.getState().setCollection('Checkout')
    await s.composer.getState().save()
    expect(s.fake.calls[0]).toMatchObject({
      method: 'collections.save',
      input: { name: 'Signup', collection: 'Checkout', callType: 'identify' },
    })
    expect(s.composer.getState()).toMatchObject({
      savedId: 1,
      error: null,
      notice: 'Saved “Signup” in Checkout.',
    })
    expect(s.composer.getState().saved.map((p) => p.id)).toEqual([1])

    s.composer.getState().useTemplate('track')
    s.composer.getState().open(saved(1, 'Signup'))
    expect(s.composer.getState()).toMatchObject({ savedId: 1, name: 'Signup', text: '[]' })
    list = []
    await s.composer.getState().remove(1)
    expect(s.composer.getState()).toMatchObject({ savedId: null, saved: [] })
  })

  it('sends what is in the editor as a composed call, and keeps the reason when it fails', async () => {
    let fail = false
    const s = await fresh({
      'send.request': () => {
        if (fail) throw new Error('body: not JSON')
        return outcome(3, 202)
      },
    })
    s.composer.getState().setCallType('track')
    s.composer.getState().setText('[{"event_name":"x"}]')
    await s.composer.getState().send('development')
    expect(s.fake.calls[0]?.input).toEqual({
      environmentId: 'development',
      callType: 'track',
      body: '[{"event_name":"x"}]',
      origin: 'composed',
    })
    expect(s.composer.getState().outcome).toEqual(outcome(3, 202))
    fail = true
    await s.composer.getState().send('development')
    expect(s.composer.getState()).toMatchObject({ sending: false, error: 'body: not JSON' })
  })
})

describe('filter assist store', () => {
  it('offers the language’s fields at once, and asks the engine for values once typing pauses', async () => {
    vi.useFakeTimers()
    const s = await fresh({
      'events.suggest': ({ field, prefix }) =>
        field === 'event' ? [{ value: `${prefix}_up`, detail: '12' }, { value: 'sign out' }] : [],
    })
    s.assist.getState().update('ev', 2)
    expect(s.assist.getState().suggestions.map((x) => x.label)).toContain('event:')
    for (const text of ['event:s', 'event:si', 'event:sign']) s.assist.getState().update(text, text.length)
    expect(s.fake.calls).toEqual([])
    await vi.advanceTimersByTimeAsync(200)
    expect(s.fake.calls).toEqual([
      { method: 'events.suggest', input: { field: 'event', prefix: 'sign', limit: 12 } },
    ])
    const found = s.assist.getState().suggestions
    expect(found.map((x) => x.label)).toEqual(['sign_up', 'sign out'])
    // A value with a space is quoted when inserted, and replaces what was typed after the colon.
    expect(found[1]).toMatchObject({ insert: '"sign out" ', start: 6, end: 10 })
    s.assist.getState().move(1)
    expect(s.assist.getState().active).toBe(1)
    s.assist.getState().close()
    expect(s.assist.getState().suggestions).toEqual([])
  })

  it('drops the answer to an older keystroke', async () => {
    vi.useFakeTimers()
    let answer: (v: { value: string }[]) => void = () => undefined
    const s = await fresh({ 'events.suggest': () => new Promise((resolve) => (answer = resolve)) })
    s.assist.getState().update('user:a', 6)
    await vi.advanceTimersByTimeAsync(200)
    const stale = answer
    s.assist.getState().update('status:', 7) // answered here, from the language
    stale([{ value: 'ada' }])
    await vi.advanceTimersByTimeAsync(0)
    expect(s.assist.getState().suggestions.map((x) => x.label)).not.toContain('ada')
  })
})

describe('view and connection stores', () => {
  it('show the screen asked for, and the connection’s state with what happened', async () => {
    const s = await fresh({})
    expect(s.view.getState().view).toBe('stream')
    s.view.getState().show('sessions')
    expect(s.view.getState().view).toBe('sessions')
    expect(s.connection.getState()).toMatchObject({ status: 'connecting', transport: null })
    s.connection.getState().setTransport('ipc')
    s.connection.getState().setStatus('reconnecting', 'The engine process ended; restarting it.')
    expect(s.connection.getState()).toMatchObject({
      status: 'reconnecting',
      detail: 'The engine process ended; restarting it.',
      transport: 'ipc',
    })
    s.connection.getState().setStatus('open')
    expect(s.connection.getState().detail).toBeNull()
  })
})
