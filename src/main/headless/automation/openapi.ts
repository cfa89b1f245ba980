/**
 * The automation API's OpenAPI document, generated from its route table:
 * the paths and methods, the query and body schemas the router parses
 * with, and the schemas of the answers. Served at
 * `/automation/v1/openapi.json`, printed by `track-debugger openapi`
 * (openapi-yaml.ts), and committed as docs/openapi.yaml (a test fails when
 * that file is not what the command prints).
 */
import { z } from 'zod'
import type { Answer, Route } from './route'
import { errorSchema } from './automation-responses'

type Json = Record<string, unknown>

/** Zod writes its integer bounds as the safe-integer range: noise in a document for people. */
const SAFE_BOUNDS = new Set([Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER])

/**
 * Drops `$schema`, the safe-integer bounds and, in answers, `additionalProperties: false`
 * (an answer may gain fields; a client should not break on one), and points `#/$defs/X` at
 * the document's components.
 */
function tidy(node: unknown, io: 'input' | 'output'): unknown {
  if (Array.isArray(node)) return node.map((n) => tidy(n, io))
  if (node === null || typeof node !== 'object') return node
  const out: Json = {}
  for (const [key, value] of Object.entries(node as Json)) {
    if (key === '$schema' || key === 'id') continue
    if ((key === 'minimum' || key === 'maximum') && SAFE_BOUNDS.has(value as number)) continue
    if (key === 'additionalProperties' && value === false && io === 'output') continue
    if (key === '$ref' && typeof value === 'string')
      out[key] = value.replace('#/$defs/', '#/components/schemas/')
    else out[key] = tidy(value, io)
  }
  return out
}

class Components {
  readonly schemas: Record<string, unknown> = {}

  /** A schema as JSON Schema; its named parts (`.meta({ id })`) go to components once and are referred to. */
  add(schema: z.ZodType, io: 'input' | 'output'): Json {
    const converted = z.toJSONSchema(schema, { io, unrepresentable: 'any', reused: 'inline' }) as Json
    const defs = (converted['$defs'] ?? {}) as Record<string, unknown>
    delete converted['$defs']
    for (const [id, def] of Object.entries(defs)) this.schemas[id] ??= tidy(def, io)
    const meta = z.globalRegistry.get(schema) as { id?: string } | undefined
    if (meta?.id) {
      this.schemas[meta.id] ??= tidy(converted, io)
      return { $ref: `#/components/schemas/${meta.id}` }
    }
    return tidy(converted, io) as Json
  }
}

function parameters(route: Route, components: Components): Json[] {
  const out: Json[] = []
  for (const [name, p] of Object.entries(route.pathParams ?? {}))
    out.push({
      name,
      in: 'path',
      required: true,
      description: p.description,
      schema: components.add(p.schema, 'input'),
    })
  if (route.query) {
    const query = components.add(route.query, 'input')
    const required = new Set((query['required'] as string[] | undefined) ?? [])
    for (const [name, schema] of Object.entries((query['properties'] ?? {}) as Record<string, Json>)) {
      const { description, ...rest } = schema
      out.push({
        name,
        in: 'query',
        ...(required.has(name) ? { required: true } : {}),
        ...(description !== undefined ? { description } : {}),
        schema: rest,
      })
    }
  }
  return out
}

function answer(a: Answer, components: Components): Json {
  if ('schema' in a)
    return {
      description: a.description,
      content: { 'application/json': { schema: components.add(a.schema, 'output') } },
    }
  return { description: a.description, content: Object.fromEntries(a.media.map((m) => [m, {}])) }
}

function operation(route: Route, components: Components): Json {
  const op: Json = { operationId: route.operationId, summary: route.summary }
  if (route.description) op['description'] = route.description
  const params = parameters(route, components)
  if (params.length > 0) op['parameters'] = params
  if (route.body)
    op['requestBody'] = {
      required: true,
      content: { 'application/json': { schema: components.add(route.body, 'input') } },
    }
  else if (route.upload)
    op['requestBody'] = {
      required: true,
      description: route.upload.description,
      content: Object.fromEntries(route.upload.media.map((m) => [m, {}])),
    }
  const responses: Json = {}
  for (const [status, a] of Object.entries(route.responses)) responses[status] = answer(a, components)
  responses['401'] = { $ref: '#/components/responses/Unauthorized' }
  responses['403'] = { $ref: '#/components/responses/Forbidden' }
  op['responses'] = responses
  return op
}

export function openApiDocument(routes: readonly Route[]): Json {
  const components = new Components()
  const paths: Record<string, Json> = {}
  for (const route of routes)
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(route, components)
  const error = components.add(errorSchema, 'output')
  return {
    openapi: '3.1.0',
    info: {
      title: 'Track Debugger automation API',
      version: '1',
      summary: 'Check the Track events an app sends, from CI.',
      description:
        `Served by \`track-debugger serve\` on its UI port under \`/automation/v1\`. Every request ` +
        'needs the per-run token (`--token` or `TRACK_DEBUGGER_TOKEN`) as `Authorization: Bearer <token>`. ' +
        'Requests with a foreign `Host` or `Origin` header are refused with 403. See docs/automation-api.md. ' +
        'Generated from the routes: `track-debugger openapi` prints it.',
      license: { name: 'MIT' },
    },
    servers: [{ url: 'http://127.0.0.1:8788/automation/v1' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      responses: {
        Unauthorized: {
          description: 'Missing or wrong token',
          headers: { 'WWW-Authenticate': { schema: { type: 'string' } } },
          content: { 'application/json': { schema: error } },
        },
        Forbidden: {
          description: 'Foreign Host or Origin header',
          content: { 'application/json': { schema: error } },
        },
      },
      schemas: Object.fromEntries(Object.entries(components.schemas).sort(([a], [b]) => a.localeCompare(b))),
    },
  }
}
