/**
 * Errors across the port: the engine's own classes become a code and a
 * message on one side and the same classes again on the other, so main's
 * code (the port-in-use dialog, the IPC error filter) tells them apart as
 * it did when the engine ran in its process.
 */
import { BadInputError, NotFoundError, PortInUseError } from '../engine/errors'
import type { HostError, HostErrorCode } from './protocol'

export function toHostError(error: unknown): HostError {
  if (error instanceof PortInUseError)
    return {
      code: 'port_in_use',
      message: error.message,
      host: error.host,
      port: error.port,
      hint: error.hint,
    }
  if (error instanceof NotFoundError) return { code: 'not_found', message: error.message }
  if (error instanceof BadInputError) return { code: 'bad_input', message: error.message }
  if (error instanceof HostCallError) return { code: error.code, message: error.message }
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) }
}

/** An error of the host itself (not started, stopped, cancelled), with its code. */
export class HostCallError extends Error {
  constructor(
    readonly code: HostErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'HostCallError'
  }
}

export function fromHostError(error: HostError): Error {
  switch (error.code) {
    case 'port_in_use':
      return new PortInUseError(error.host ?? '127.0.0.1', error.port ?? 0, error.hint ?? null)
    case 'not_found':
      return new NotFoundError(error.message)
    case 'bad_input':
      return new BadInputError(error.message)
    case 'internal':
      return new Error(error.message)
    default:
      return new HostCallError(error.code, error.message)
  }
}
