/**
 * Runtime checks for every method's input. Payloads cross a process (or
 * network) boundary and some are user-edited, so nothing is trusted.
 */
import { z } from 'zod'
import type { MethodInput, MethodName } from './api'
import { CALL_TYPES, STATUSES } from './model'

const empty = z.object({}).strict()
const id = z.object({ id: z.number().int().positive() }).strict()

export const eventQuerySchema = z
  .object({
    text: z.string().max(2000).optional(),
    callTypes: z.array(z.enum(CALL_TYPES as [string, ...string[]])).optional(),
    statuses: z.array(z.enum(STATUSES as [string, ...string[]])).optional(),
    includeProtocol: z.boolean().optional(),
    before: z.number().int().optional(),
    after: z.number().int().optional(),
    limit: z.number().int().min(1).max(1000).optional(),
  })
  .strict()

export const inputSchemas = {
  'app.info': empty,
  'events.list': eventQuerySchema,
  'events.get': id,
  'events.clear': empty,
  'requests.get': id,
  'log.stats': empty,
} satisfies { [M in MethodName]: z.ZodType }

/** Parse a method input; throws a ZodError with a readable message on bad input. */
export function parseInput<M extends MethodName>(name: M, input: unknown): MethodInput<M> {
  return inputSchemas[name].parse(input ?? {}) as MethodInput<M>
}
