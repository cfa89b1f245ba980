/**
 * How the renderer's stores hold together: a store keeps its state in
 * itself (no mutable module-level variables), and never reads or drives
 * another store through its `getState`; it follows pushes, or subscribes to
 * the store whose changes it needs. Only the boot sequence (app-start.ts)
 * and the UI compose several stores.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const dir = join(import.meta.dirname, '../../../src/renderer/src/stores')
const stores = readdirSync(dir).filter((f) => f.endsWith('-store.ts'))

/** `useStreamStore` for stream-store.ts. */
const ownName = (file: string): string =>
  `use${file
    .replace(/-store\.ts$/, '')
    .split('-')
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('')}Store`

describe('renderer stores', () => {
  it('are all here', () => {
    expect(stores.length).toBeGreaterThanOrEqual(15)
  })

  it.each(stores)('%s never reaches into another store with getState', (file) => {
    const text = readFileSync(join(dir, file), 'utf8')
    const others = [...text.matchAll(/\b(use[A-Za-z]+Store)\.getState\(\)/g)]
      .map((m) => m[1])
      .filter((name) => name !== ownName(file))
    expect(others).toEqual([])
  })

  it.each(stores)('%s keeps no mutable state at module level', (file) => {
    const text = readFileSync(join(dir, file), 'utf8')
    expect(text.match(/^(let|var) .*/gm) ?? []).toEqual([])
  })
})
