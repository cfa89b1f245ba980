/**
 * The automation API reaches the engine through its contract only
 * (`engine.call`), as the desktop window and the engine's own process do:
 * no route reads the engine's context, its repositories or its services.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const dir = join(import.meta.dirname, '../../../src/main/headless/automation')
/** What a route may take from the engine's folder: the engine's type, its error classes, a pure filter mapping. */
const ALLOWED = new Set(['../../engine/engine', '../../engine/errors', '../../engine/db/event-summary'])

describe('the automation API', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts'))

  it('has its routes in this folder', () => {
    expect(files).toContain('automation-routes.ts')
  })

  it.each(files)('%s calls the engine through the contract only', (file) => {
    const text = readFileSync(join(dir, file), 'utf8')
    expect(text).not.toMatch(/\.internals\b/)
    const fromEngine = [...text.matchAll(/from '(\.\.\/\.\.\/engine\/[^']+)'/g)].map((m) => m[1])
    expect(fromEngine.filter((spec) => !ALLOWED.has(spec!))).toEqual([])
  })
})
