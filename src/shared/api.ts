/**
 * The one contract between the engine and the UI, whatever carries it
 * (Electron IPC on desktop, HTTP + server-sent events headless).
 *
 * Each domain declares its methods once, in `contract/<domain>.schemas.ts`
 * (the input's schema and the output's type, see contract/define.ts), and
 * its pushes and model types in `contract/<domain>.ts`; this file joins
 * them (the push names' run-time list is joined in `push-names.ts`, which
 * the page loads without the schemas). The method signatures, the method
 * name list, the runtime parsing, the engine's handler types, the preload
 * bridge, the HTTP routes and the renderer's `Api` type all derive from
 * `CONTRACT`.
 */
import type { z } from 'zod'
import type { InputOf, MethodSpec, OutputOf, ParsedOf } from './contract/define'
import type { StreamPushes } from './contract/stream'
import { streamContract } from './contract/stream.schemas'
import type { ValidationPushes } from './contract/validation'
import { validationContract } from './contract/validation.schemas'
import type { SessionsPushes } from './contract/sessions'
import { sessionsContract } from './contract/sessions.schemas'
import type { TransferPushes } from './contract/transfer'
import { transferContract } from './contract/transfer.schemas'
import type { SendPushes } from './contract/send'
import { sendContract } from './contract/send.schemas'
import type { RetentionPushes } from './contract/retention'
import { retentionContract } from './contract/retention.schemas'
import type { SearchPushes } from './contract/search'
import { searchContract } from './contract/search.schemas'
import type { ProxyPushes } from './contract/proxy'
import { proxyContract } from './contract/proxy.schemas'

/** Every method of the contract, each declared once in its domain's `contract/<domain>.schemas.ts`. */
export const CONTRACT = {
  ...streamContract,
  ...validationContract,
  ...sessionsContract,
  ...transferContract,
  ...sendContract,
  ...retentionContract,
  ...searchContract,
  ...proxyContract,
} satisfies Record<string, MethodSpec>

type Contract = typeof CONTRACT
export type MethodName = keyof Contract
/** What a caller passes. */
export type MethodInput<M extends MethodName> = InputOf<Contract[M]>
/** What the engine's handler receives: the input parsed, defaults applied. */
export type MethodParsed<M extends MethodName> = ParsedOf<Contract[M]>
export type MethodOutput<M extends MethodName> = OutputOf<Contract[M]>
export type ApiMethods = { [M in MethodName]: (input: MethodInput<M>) => MethodOutput<M> }

export type ApiPushes = StreamPushes &
  ValidationPushes &
  SessionsPushes &
  TransferPushes &
  SendPushes &
  RetentionPushes &
  SearchPushes &
  ProxyPushes

export type PushName = keyof ApiPushes

/** The async API the renderer holds; it never knows which transport is behind it. */
export type Api = { [M in MethodName]: (input: MethodInput<M>) => Promise<MethodOutput<M>> } & {
  on<P extends PushName>(name: P, listener: (payload: ApiPushes[P]) => void): () => void
}

/** Every method name, for transports that must enumerate them (preload, HTTP router): the declaration's keys. */
export const METHOD_NAMES = Object.keys(CONTRACT) as MethodName[]

/** The schema a method's input must pass. */
export function inputSchema<M extends MethodName>(name: M): z.ZodType {
  return CONTRACT[name].input
}

/** Error shape both transports use to report a failed call. */
export interface ApiErrorBody {
  error: { code: 'bad_input' | 'not_found' | 'internal' | 'unauthorized'; message: string }
}

/**
 * Desktop channels. The window's calls and the engine's pushes travel on a
 * MessagePort main hands over on `enginePortChannel`; main itself only
 * pushes `engine.status` on `ipcPushChannel` (its own word on the engine's process).
 */
export const enginePortChannel = 'engine:port'
export const ipcPushChannel = 'api:push'
