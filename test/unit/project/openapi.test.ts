/**
 * docs/openapi.yaml against the automation API as built: the same endpoints,
 * the same query parameters, and request bodies with the same fields (and
 * the same required ones) as the schemas the routes parse. Written by hand,
 * the file would otherwise drift from the routes without anyone noticing.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import type { z } from 'zod'
import { waitSchema } from '../../../src/shared/contract/sessions.schemas'
import type { TrackEngine } from '../../../src/main/engine/engine'
import { automationRouteTable } from '../../../src/main/headless/automation/automation-routes'
import {
  automationSessionSchema,
  eventsQuerySchema,
  importQuerySchema,
  reportQuerySchema,
  summaryQuerySchema,
} from '../../../src/main/headless/automation/automation-schemas'

type Node = Record<string, unknown>
const doc = parse(readFileSync(join(import.meta.dirname, '../../../docs/openapi.yaml'), 'utf8')) as Node

function resolve(node: unknown): Node {
  let n = node as Node
  while (typeof n['$ref'] === 'string') {
    n = (n['$ref'] as string)
      .slice(2)
      .split('/')
      .reduce<Node>((at, key) => at[key] as Node, doc)
  }
  return n
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const
/** Every documented operation, as `GET /path`, with its path-level and own parameters resolved. */
function documented(): Map<string, { params: Node[]; op: Node }> {
  const out = new Map<string, { params: Node[]; op: Node }>()
  for (const [path, item] of Object.entries(doc['paths'] as Record<string, Node>)) {
    const shared = ((item['parameters'] as unknown[]) ?? []).map(resolve)
    for (const m of METHODS) {
      const op = item[m] as Node | undefined
      if (!op) continue
      const own = ((op['parameters'] as unknown[]) ?? []).map(resolve)
      out.set(`${m.toUpperCase()} ${path}`, { params: [...shared, ...own], op })
    }
  }
  return out
}

/** A zod object's fields, and those a caller must give (no default, not optional). */
function fieldsOf(schema: z.ZodObject): { names: string[]; required: string[] } {
  const names = Object.keys(schema.shape).sort()
  const required = names.filter((k) => !(schema.shape[k] as z.ZodType).safeParse(undefined).success)
  return { names, required }
}

const QUERY: Record<string, z.ZodObject> = {
  'GET /events': eventsQuerySchema as unknown as z.ZodObject,
  'GET /summary': summaryQuerySchema,
  'GET /sessions/{id}/report': reportQuerySchema,
  'POST /import': importQuerySchema,
}
const BODY: Record<string, z.ZodObject> = {
  'POST /wait': waitSchema,
  'POST /sessions': automationSessionSchema as unknown as z.ZodObject,
}

describe('docs/openapi.yaml', () => {
  const ops = documented()

  it('documents exactly the endpoints the automation API serves', () => {
    const served = automationRouteTable({} as TrackEngine).map((r) => `${r.method} ${r.path}`)
    expect([...ops.keys()].sort()).toEqual([...served].sort())
  })

  it('lists the query parameters each route parses, and no others', () => {
    for (const [key, { params }] of ops) {
      const documentedNames = params.filter((p) => p['in'] === 'query').map((p) => p['name'] as string)
      const parsed = QUERY[key] ? fieldsOf(QUERY[key]).names : []
      expect(documentedNames.sort(), key).toEqual(parsed)
    }
  })

  it('describes each JSON body with the fields, and the required fields, its schema has', () => {
    for (const [key, schema] of Object.entries(BODY)) {
      const op = ops.get(key)
      expect(op, key).toBeDefined()
      const content = (resolve(op!.op['requestBody']) as { content: Record<string, { schema: unknown }> })
        .content
      const body = resolve(content['application/json']?.schema)
      const { names, required } = fieldsOf(schema)
      expect(Object.keys(body['properties'] as Node).sort(), `${key} fields`).toEqual(names)
      expect(((body['required'] as string[]) ?? []).sort(), `${key} required`).toEqual(required)
    }
  })
})
