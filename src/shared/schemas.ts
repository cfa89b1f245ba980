/**
 * Runtime checks for every method's input. Payloads cross a process (or
 * network) boundary and some are user-edited, so nothing is trusted. The
 * schemas are the contract's own declarations (shared/api.ts `CONTRACT`).
 */
import { inputSchema, type MethodName, type MethodParsed } from './api'

/** Parse a method input; throws a ZodError on bad input. */
export function parseInput<M extends MethodName>(name: M, input: unknown): MethodParsed<M> {
  return inputSchema(name).parse(input ?? {}) as MethodParsed<M>
}
