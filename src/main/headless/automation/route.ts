/** The shape of an automation route: its method and path, the schemas it parses and answers with, its handler. */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { z } from 'zod'
import type { TrackEngine } from '../../engine/engine'
import { errorSchema } from './automation-responses'

/** One answer a route may give: JSON of a schema, or a document of one of some media types. */
export type Answer =
  { description: string; schema: z.ZodType } | { description: string; media: readonly string[] }

/** What a handler gets: the request, and its query and body already parsed by the route's schemas. */
export interface RouteCall<Q, B> {
  req: IncomingMessage
  res: ServerResponse
  url: URL
  /** The `{name}` segments of the path, in order, parsed by their `pathParams` schemas. */
  params: unknown[]
  query: Q
  body: B
  engine: TrackEngine
}

export interface Route<Q = unknown, B = unknown> {
  method: 'GET' | 'POST'
  /** A path template (`/sessions/{id}`), as the OpenAPI file writes it. */
  path: string
  operationId: string
  summary: string
  description?: string
  /** The path's `{name}` segments, in order: what each is, and the schema the router parses it with. */
  pathParams?: Record<string, { description: string; schema: z.ZodType }>
  query?: z.ZodType<Q>
  /** A JSON body, parsed by the router (bounded to 1 MiB). */
  body?: z.ZodType<B>
  /** A body the handler reads itself: its media types. */
  upload?: { description: string; media: readonly string[] }
  /** Answers by status; every route may also answer 401 and 403. */
  responses: Record<number, Answer>
  handle: (call: RouteCall<Q, B>) => Promise<void> | void
}

/** A JSON body the router reads is bounded to this. */
export const MAX_JSON_BODY = 1024 * 1024

/** An error answer (the body every automation error has), described for the document. */
export const failure = (description: string): Answer => ({ description, schema: errorSchema })

/**
 * A route, typed by its own schemas; the table holds them erased. What the
 * router answers for it on its own is added to its answers: 400 for a path
 * parameter, query or body its schemas refuse, 413 for a JSON body over 1 MiB.
 */
export function route<Q = undefined, B = undefined>(r: Route<Q, B>): Route {
  const responses = { ...r.responses }
  if ((r.pathParams || r.query || r.body) && !responses[400])
    responses[400] = failure('The path, query or body failed validation, or the body is not JSON')
  if (r.body && !responses[413]) responses[413] = failure('The body is over 1 MiB')
  return { ...r, responses } as unknown as Route
}
