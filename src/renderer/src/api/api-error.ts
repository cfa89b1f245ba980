import type { ApiErrorBody } from '../../../shared/api'

export type ApiErrorCode = ApiErrorBody['error']['code'] | 'network'

/** A failed call, with the engine's own message so the UI can show it as is. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message
  return String(error)
}
