/**
 * Holds an automation API answer to what its route declares: the status is
 * one the route lists, and a JSON answer parses with that status's schema.
 * The integration tests pass every answer they read through it, so the
 * schemas the OpenAPI file is generated from are checked against real answers.
 */
import { expect } from 'vitest'
import { AUTOMATION_ROUTES } from '../../src/main/headless/automation/automation-routes'

/** Answered by the server around the routes (token, Host/Origin, unknown path or method). */
const AROUND = new Set([401, 403, 404, 405])

function routeFor(method: string, path: string) {
  const pathname = path.split('?')[0] ?? path
  return AUTOMATION_ROUTES.find((r) => {
    if (r.method !== method) return false
    const pattern = new RegExp(`^${r.path.replace(/\{[a-z]+\}/gi, '[^/]+')}$`)
    return pattern.test(pathname)
  })
}

export function checkAnswer(method: string, path: string, status: number, json: unknown): void {
  if (AROUND.has(status)) return
  const route = routeFor(method, path)
  expect(route, `${method} ${path} is a route`).toBeDefined()
  const answer = route!.responses[status]
  expect(answer, `${method} ${path} declares ${status}`).toBeDefined()
  if (answer && 'schema' in answer) {
    const parsed = answer.schema.safeParse(json)
    expect(parsed.success ? null : parsed.error.issues, `${method} ${path} → ${status}`).toBeNull()
  }
}
