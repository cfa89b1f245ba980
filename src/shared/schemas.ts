/**
 * Runtime checks for every method's input. Payloads cross a process (or
 * network) boundary and some are user-edited, so nothing is trusted.
 */
import type { z } from 'zod'
import type { MethodInput, MethodName } from './api'
import { streamSchemas } from './contract/stream.schemas'
import { validationSchemas } from './contract/validation.schemas'
import { sessionsSchemas } from './contract/sessions.schemas'
import { transferSchemas } from './contract/transfer.schemas'
import { sendSchemas } from './contract/send.schemas'
import { retentionSchemas } from './contract/retention.schemas'
import { searchSchemas } from './contract/search.schemas'
import { proxySchemas } from './contract/proxy.schemas'

export const inputSchemas = {
  ...streamSchemas,
  ...validationSchemas,
  ...sessionsSchemas,
  ...transferSchemas,
  ...sendSchemas,
  ...retentionSchemas,
  ...searchSchemas,
  ...proxySchemas,
} satisfies { [M in MethodName]: z.ZodType }

/** Parse a method input; throws a ZodError on bad input. */
export function parseInput<M extends MethodName>(name: M, input: unknown): MethodInput<M> {
  return (inputSchemas[name] as z.ZodType).parse(input ?? {}) as MethodInput<M>
}
