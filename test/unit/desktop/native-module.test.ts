/**
 * Why the desktop start needs no native rebuild: better-sqlite3 ships
 * Node-API binaries, which load in any Node and in Electron alike. This pins
 * that property, so a dependency change that brings back a V8-ABI build
 * (one that needs recompiling per runtime) fails here rather than at start.
 */
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'

const require = createRequire(import.meta.url)
const packageDir = dirname(require.resolve('better-sqlite3/package.json'))
const { getPrebuildPath } = require(join(packageDir, 'lib', 'binding.js')) as {
  getPrebuildPath(): string | null
}

describe('better-sqlite3 native module', () => {
  it('is a Node-API binary, with no V8 or Node ABI symbols', () => {
    const file = getPrebuildPath()
    expect(file, 'a prebuilt binary for this platform').not.toBeNull()
    const bytes = readFileSync(file as string).toString('latin1')
    expect(bytes).toContain('napi_register_module_v1')
    expect(bytes).not.toMatch(/_ZN2v8|node_register_module_v\d+/)
  })

  it('is not shadowed by a locally compiled, runtime-specific build', () => {
    for (const flavour of ['Release', 'Debug'])
      expect(existsSync(join(packageDir, 'build', flavour, 'better_sqlite3.node')), flavour).toBe(false)
  })
})
