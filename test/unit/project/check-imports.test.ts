/** The import-structure check that `npm run lint` runs: it passes on this tree and fails on a knot or an upward import. */
import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, tempDir } from '../../helpers/temp-dir'

const script = join(import.meta.dirname, '..', '..', '..', 'scripts', 'check-imports.mjs')
const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) cleanup(d)
})

function tree(files: Record<string, string>): string {
  const root = tempDir('td-imports-')
  dirs.push(root)
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), text)
  }
  return root
}

const check = (root?: string) =>
  spawnSync(process.execPath, [script, ...(root ? [root] : [])], { encoding: 'utf8' })

describe('import structure check', () => {
  it('passes on this project', () => {
    const r = check()
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/no cycles/)
  })

  it('fails on a cycle, type-only imports included', () => {
    const r = check(
      tree({
        'src/main/engine/a.ts': "import type { B } from './b'\nexport type A = B\n",
        'src/main/engine/b.ts': "import { c } from './c'\nexport type B = string\nexport const b = c\n",
        'src/main/engine/c.ts': "import type { A } from './a'\nexport const c: A = 'x'\n",
      }),
    )
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('import cycle through 3 files')
    expect(r.stderr).toContain('src/main/engine/a.ts')
  })

  it('fails when a layer imports upwards or a package it must not', () => {
    const r = check(
      tree({
        'src/main/engine/engine.ts': "import { cli } from '../headless/cli'\nexport const e = cli\n",
        'src/main/headless/cli.ts': 'export const cli = 1\n',
        'src/renderer/src/app.tsx': "import { readFileSync } from 'node:fs'\nexport const r = readFileSync\n",
        'src/shared/model.ts': "import { e } from '../main/engine/engine'\nexport const m = e\n",
      }),
    )
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('src/main/engine/engine.ts imports src/main/headless/cli.ts')
    expect(r.stderr).toContain('src/renderer/src/app.tsx imports "node:fs"')
    expect(r.stderr).toContain('src/shared/model.ts imports src/main/engine/engine.ts')
  })

  it('fails when the page reaches zod at run time through shared/, and not through a type import', () => {
    const files = {
      'src/shared/schemas.ts':
        "import { z } from 'zod'\nexport const s = z.string()\nexport type S = string\n",
      'src/shared/names.ts': "import { s } from './schemas'\nexport const names = [s]\n",
      'src/shared/types.ts': "export type { S } from './schemas'\n",
      'src/renderer/src/typed.ts':
        "import type { S } from '../../shared/schemas'\nimport type { S as T } from '../../shared/types'\nexport const x: S | T = ''\n",
    }
    expect(check(tree(files)).status).toBe(0)
    const r = check(
      tree({
        ...files,
        'src/renderer/src/app.ts': "import { names } from '../../shared/names'\nexport const a = names\n",
      }),
    )
    expect(r.status).toBe(1)
    expect(r.stderr).toContain(
      'the page loads "zod" at run time: src/renderer/src/app.ts → src/shared/names.ts → src/shared/schemas.ts',
    )
  })
})
