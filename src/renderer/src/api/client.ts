/**
 * Picks the transport once per page: the preload bridge when it exists
 * (desktop), otherwise HTTP with the token from the address bar. `null`
 * means headless without a token: the UI shows how to open it properly.
 */
import type { Api } from '../../../shared/api'
import { ApiError } from './api-error'
import { createHttpTransport } from './http-transport'
import { createIpcTransport } from './ipc-transport'
import { takeToken } from './token'
import type { Transport } from './transport'

let current: Transport | null | undefined

export function getTransport(): Transport | null {
  if (current === undefined) {
    if (window.trackDebugger) current = createIpcTransport(window.trackDebugger, window.trackDebuggerFiles)
    else {
      const token = takeToken()
      current = token ? createHttpTransport(token) : null
    }
  }
  return current
}

/** Installs the transport the page uses (store tests install a fake built from the contract types). */
export function setTransport(transport: Transport | null): void {
  current = transport
}

export function api(): Api {
  const transport = getTransport()
  if (!transport) throw new ApiError('unauthorized', 'No access token: open the URL the CLI printed.')
  return transport.api
}
