/** How sends and forward mode are set up by whoever starts the engine (desktop shell, CLI, tests). */
import type { VariableCredentials } from './credential-store'
import type { Resolver } from './loop-guard'
import type { SecretCipher } from './secret-cipher'

export interface SendOptions {
  /** Desktop: Electron safeStorage. Default: values kept in a 0600 file. */
  cipher?: SecretCipher
  /** Headless: TRACK_DEBUGGER_API_KEY / TRACK_DEBUGGER_BEARER_TOKEN, used where an environment stores none. */
  variableCredentials?: VariableCredentials
  /** Forward mode answers the app 504 after this long. Default 10 s. */
  forwardTimeoutMs?: number
  /** Resends and composed sends give up after this long. Default 30 s. */
  sendTimeoutMs?: number
  /** Extra CAs (PEM) trusted for HTTPS upstreams, e.g. a company proxy's. */
  trustedCa?: string[]
  /** Fault injection's dice; replaceable so a share can be tested exactly. */
  random?: () => number
  /** Name resolution for sends, forwards and the forward-loop check (tests map real host names to loopback). */
  resolve?: Resolver
}
