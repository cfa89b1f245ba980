/**
 * docs/openapi.yaml is generated from the automation API's route table
 * (`track-debugger openapi`): it must be exactly what the routes and their
 * schemas give today, and the document itself must hold together.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { AUTOMATION_ROUTES } from '../../../src/main/headless/automation/automation-routes'
import { openApiDocument } from '../../../src/main/headless/automation/openapi'
import { openApiYaml } from '../../../src/main/headless/automation/openapi-yaml'

type Node = Record<string, unknown>
const FILE = join(import.meta.dirname, '../../../docs/openapi.yaml')

function refsIn(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => refsIn(n, out))
  else if (node !== null && typeof node === 'object')
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push(v)
      else refsIn(v, out)
    }
  return out
}

describe('docs/openapi.yaml', () => {
  it('is what the routes and their schemas generate (run `npm run openapi` after changing them)', () => {
    expect(readFileSync(FILE, 'utf8')).toBe(openApiYaml())
  })

  const doc = openApiDocument(AUTOMATION_ROUTES)
  const paths = doc['paths'] as Record<string, Record<string, Node>>

  it('lists each route once, with the query parameters its schema parses', () => {
    for (const r of AUTOMATION_ROUTES) {
      const op = paths[r.path]?.[r.method.toLowerCase()]
      expect(op, `${r.method} ${r.path}`).toBeDefined()
      const query = ((op!['parameters'] as Node[] | undefined) ?? []).filter((p) => p['in'] === 'query')
      const shape = (r.query as unknown as { shape?: Record<string, unknown> } | undefined)?.shape
      const declared = Object.keys(
        shape ?? (r.query as unknown as { in?: { shape?: object } })?.in?.shape ?? {},
      )
      if (r.query)
        expect(query.map((p) => p['name']).sort(), `${r.method} ${r.path}`).toEqual(declared.sort())
      else expect(query, `${r.method} ${r.path}`).toEqual([])
    }
  })

  it('declares every {name} of a path, and answers 401 and 403 everywhere', () => {
    for (const r of AUTOMATION_ROUTES) {
      const names = [...r.path.matchAll(/\{([a-z]+)\}/gi)].map((m) => m[1])
      expect(Object.keys(r.pathParams ?? {}), `${r.method} ${r.path}`).toEqual(names)
      const responses = paths[r.path]![r.method.toLowerCase()]!['responses'] as Node
      expect(Object.keys(responses), `${r.method} ${r.path}`).toEqual(expect.arrayContaining(['401', '403']))
    }
  })

  it('refers only to schemas and responses it defines', () => {
    const parsed = parse(readFileSync(FILE, 'utf8')) as Node
    const refs = [...new Set(refsIn(parsed))]
    expect(refs.length).toBeGreaterThan(10)
    for (const ref of refs) {
      const target = ref
        .slice(2)
        .split('/')
        .reduce<unknown>((at, key) => (at as Node | undefined)?.[key], parsed)
      expect(target, ref).toBeDefined()
    }
  })
})
