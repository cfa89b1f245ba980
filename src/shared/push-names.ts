/**
 * Every push the engine sends, listed from each domain's contract file. Kept apart from
 * `api.ts` so a transport that only needs the names (the page's HTTP transport) loads them
 * without the contract's schemas: importing `api.ts` at run time brings zod and every schema.
 */
import type { PushName } from './api'
import { PROXY_PUSHES } from './contract/proxy'
import { RETENTION_PUSHES } from './contract/retention'
import { SEARCH_PUSHES } from './contract/search'
import { SEND_PUSHES } from './contract/send'
import { SESSIONS_PUSHES } from './contract/sessions'
import { STREAM_PUSHES } from './contract/stream'
import { TRANSFER_PUSHES } from './contract/transfer'
import { VALIDATION_PUSHES } from './contract/validation'

export const PUSH_NAMES = [
  ...STREAM_PUSHES,
  ...VALIDATION_PUSHES,
  ...SESSIONS_PUSHES,
  ...TRANSFER_PUSHES,
  ...SEND_PUSHES,
  ...RETENTION_PUSHES,
  ...SEARCH_PUSHES,
  ...PROXY_PUSHES,
] as const satisfies readonly PushName[]

// Compile-time proof that the push list covers the push map.
type Missing<All, Listed> = Exclude<All, Listed>
const _pushesComplete: [Missing<PushName, (typeof PUSH_NAMES)[number]>] extends [never] ? true : never = true
void _pushesComplete
