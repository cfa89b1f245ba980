/**
 * How a contract method is declared: once, as the schema of its input and
 * the type of its output. Everything else is derived from that declaration:
 * the method's TypeScript signature (the input type is inferred from the
 * schema, never written beside it), the list of method names, the parsing
 * at every process boundary, the engine's handler types, the preload's and
 * the HTTP transport's functions, and the automation API's OpenAPI file.
 */
import { z } from 'zod'

/** A method's output, carried as a type only: the engine produces it, nothing parses it at run time. */
export interface Returns<T> {
  readonly returns?: T
}

export function returns<T>(): Returns<T> {
  return {}
}

export interface MethodSpec<I extends z.ZodType = z.ZodType, O = unknown> {
  /** Parsed on every call, in the engine, whichever transport brought it. */
  input: I
  output: Returns<O>
}

/** One contract method: the schema its input must pass, and what it answers. */
export function method<I extends z.ZodType, O>(input: I, output: Returns<O>): MethodSpec<I, O> {
  return { input, output }
}

type Spec<S> = S extends MethodSpec<infer I, infer O> ? { input: I; output: O } : never

/** What a caller passes (before defaults are applied). */
export type InputOf<S> = z.input<Spec<S>['input']>
/** What a handler receives (parsed, defaults applied). */
export type ParsedOf<S> = z.output<Spec<S>['input']>
export type OutputOf<S> = Spec<S>['output']

/** A domain's methods as signatures, derived from its declaration. */
export type MethodsOf<C> = { [M in keyof C]: (input: InputOf<C[M]>) => OutputOf<C[M]> }

/** A schema for one of `values`, keeping their literal type (`z.enum` of a list typed `readonly T[]`). */
export function oneOf<T extends string>(values: readonly T[], message?: string) {
  return z.enum(values as [T, ...T[]], message === undefined ? undefined : { message })
}
