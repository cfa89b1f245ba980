/**
 * A fake `Api` for store tests, typed by the contract: each method a test
 * gives answers as that method would (its input and output types are the
 * contract's), every other method fails the test loudly, every call is
 * recorded, and `push` delivers a contract push to the store's listeners.
 */
import { vi } from 'vitest'
import {
  METHOD_NAMES,
  type Api,
  type ApiPushes,
  type MethodInput,
  type MethodName,
  type MethodOutput,
  type PushName,
} from '../../../src/shared/api'
import { setTransport } from '../../../src/renderer/src/api/client'

export type Answers = {
  [M in MethodName]?: (input: MethodInput<M>) => MethodOutput<M> | Promise<MethodOutput<M>>
}

export interface FakeApi {
  api: Api
  calls: { method: MethodName; input: unknown }[]
  push<P extends PushName>(name: P, payload: ApiPushes[P]): void
  /** How many listeners each push name has. */
  listeners(name: PushName): number
}

export function fakeApi(answers: Answers): FakeApi {
  const calls: FakeApi['calls'] = []
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  const methods = Object.fromEntries(
    METHOD_NAMES.map((method) => [
      method,
      async (input: unknown) => {
        calls.push({ method, input })
        const answer = answers[method] as ((i: unknown) => unknown) | undefined
        if (!answer) throw new Error(`unexpected call to ${method}`)
        return answer(input)
      },
    ]),
  )
  const api = {
    ...methods,
    on: (name: string, listener: (payload: unknown) => void) => {
      const set = listeners.get(name) ?? new Set()
      set.add(listener)
      listeners.set(name, set)
      return () => set.delete(listener)
    },
  } as unknown as Api
  return {
    api,
    calls,
    push: (name, payload) => listeners.get(name)?.forEach((l) => l(payload)),
    listeners: (name) => listeners.get(name)?.size ?? 0,
  }
}

/** Installs `fake` as the page's transport (desktop kind: no connection to follow). */
export function install(fake: FakeApi): void {
  setTransport({ kind: 'ipc', api: fake.api, onConnectionChange: () => () => {} })
}

/**
 * A fresh copy of the renderer's modules with a fake `Api` installed: the
 * stores a test imports after this are new, so closures and subscriptions
 * of one test never reach another's.
 */
export async function freshFake(answers: Answers): Promise<FakeApi> {
  vi.resetModules()
  const renewed = await import('./fake-api')
  const fake = renewed.fakeApi(answers)
  renewed.install(fake)
  return fake
}
