#!/usr/bin/env node
// The import structure of src/, checked on every `npm run lint`:
// - no cycles, type-only imports included (a cycle of types is still a knot in the design);
// - each layer imports only downwards:
//     shared    → shared
//     engine    → shared              (plain Node: no Electron, no CLI, no UI)
//     headless  → engine, shared      (never the desktop shell or Electron)
//     engine-host → engine, shared    (the engine's process and main's client to it)
//     desktop   → engine-host, engine, shared
//     preload   → shared
//     renderer  → shared              (the same bundle runs in a browser: no Node)
//     playwright → headless, engine, shared  (the test fixture: a worker's own debugger)
// - the page (src/renderer/) never loads zod at run time, even through shared/: the contract's
//   schemas stay with the engine and the preload; the page imports their types only.
// Prints each problem with the files involved and exits 1 when there is any.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

// The project root; a test passes another folder shaped like src/.
const root = resolve(process.argv[2] ?? join(import.meta.dirname, '..'))
const src = join(root, 'src')

const LAYERS = [
  ['src/shared/', ['src/shared/']],
  ['src/main/engine/', ['src/main/engine/', 'src/shared/']],
  ['src/main/headless/', ['src/main/headless/', 'src/main/engine/', 'src/shared/']],
  ['src/main/engine-host/', ['src/main/engine-host/', 'src/main/engine/', 'src/shared/']],
  ['src/main/desktop/', ['src/main/desktop/', 'src/main/engine-host/', 'src/main/engine/', 'src/shared/']],
  ['src/preload/', ['src/preload/', 'src/shared/']],
  ['src/renderer/', ['src/renderer/', 'src/shared/']],
  ['src/playwright/', ['src/playwright/', 'src/main/headless/', 'src/main/engine/', 'src/shared/']],
]
/** Packages a layer must not import at all. */
const FORBIDDEN_PACKAGES = [
  ['src/main/engine/', /^electron(\/|$)/],
  ['src/main/headless/', /^electron(\/|$)/],
  ['src/main/engine-host/', /^electron(\/|$)/],
  ['src/playwright/', /^electron(\/|$)/],
  ['src/shared/', /^(electron|node:|better-sqlite3)/],
  ['src/renderer/', /^(electron|node:|better-sqlite3)/],
]

/** Packages the page must not reach through its run-time imports, however indirectly. */
const PAGE = 'src/renderer/'
const PAGE_MUST_NOT_LOAD = /^zod(\/|$)/

function sourceFiles(dir) {
  const out = []
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path))
    else if (/\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts')) out.push(path)
  }
  return out
}

const IMPORT = /^\s*(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\s+from\s+)?['"]([^'"]+)['"]/gm

function resolveLocal(from, spec) {
  const base = resolve(dirname(from), spec)
  for (const candidate of [
    base,
    `${base}.ts`,
    `${base}.tsx`,
    join(base, 'index.ts'),
    join(base, 'index.tsx'),
  ])
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate
  return null
}

const files = sourceFiles(src)
const graph = new Map()
/** What each file loads when it runs: type-only imports and exports leave the build. */
const runtimeDeps = new Map()
const runtimePackages = new Map()
const problems = []
const rel = (p) => relative(root, p).split('\\').join('/')

for (const file of files) {
  const text = readFileSync(file, 'utf8')
  const me = rel(file)
  const deps = []
  const runtime = []
  const packages = []
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1]
    const typeOnly = /^\s*(?:import|export)\s+type\s/.test(m[0])
    if (spec.startsWith('.')) {
      const target = resolveLocal(file, spec)
      if (!target) continue // a non-TS asset (CSS, JSON)
      deps.push(target)
      if (!typeOnly) runtime.push(target)
      const layer = LAYERS.find(([prefix]) => me.startsWith(prefix))
      const to = rel(target)
      if (layer && !layer[1].some((allowed) => to.startsWith(allowed)))
        problems.push(`${me} imports ${to}: ${layer[0]} may import only ${layer[1].join(', ')}`)
    } else {
      if (!typeOnly) packages.push(spec)
      for (const [prefix, pattern] of FORBIDDEN_PACKAGES)
        if (me.startsWith(prefix) && pattern.test(spec))
          problems.push(`${me} imports "${spec}", which ${prefix} must not`)
    }
  }
  graph.set(file, deps)
  runtimeDeps.set(file, runtime)
  runtimePackages.set(file, packages)
}

// The page's run-time reach, breadth first from each of its files, with the path that leads there.
{
  const cameFrom = new Map()
  const queue = files.filter((f) => rel(f).startsWith(PAGE))
  for (const f of queue) cameFrom.set(f, null)
  const reported = new Set()
  while (queue.length > 0) {
    const file = queue.shift()
    for (const spec of runtimePackages.get(file) ?? []) {
      if (!PAGE_MUST_NOT_LOAD.test(spec) || reported.has(spec)) continue
      reported.add(spec)
      const path = []
      for (let f = file; f !== null; f = cameFrom.get(f)) path.unshift(rel(f))
      problems.push(`the page loads "${spec}" at run time: ${path.join(' → ')}`)
    }
    for (const next of runtimeDeps.get(file) ?? [])
      if (!cameFrom.has(next)) {
        cameFrom.set(next, file)
        queue.push(next)
      }
  }
}

// Tarjan's strongly connected components: every component of more than one file is a cycle.
let counter = 0
const index = new Map()
const low = new Map()
const stack = []
const onStack = new Set()
function visit(v) {
  index.set(v, counter)
  low.set(v, counter)
  counter++
  stack.push(v)
  onStack.add(v)
  for (const w of graph.get(v) ?? []) {
    if (!index.has(w)) {
      visit(w)
      low.set(v, Math.min(low.get(v), low.get(w)))
    } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)))
  }
  if (low.get(v) === index.get(v)) {
    const component = []
    let w
    do {
      w = stack.pop()
      onStack.delete(w)
      component.push(w)
    } while (w !== v)
    const selfLoop = component.length === 1 && (graph.get(v) ?? []).includes(v)
    if (component.length > 1 || selfLoop)
      problems.push(
        `import cycle through ${component.length} files:\n    ${component.map(rel).sort().join('\n    ')}`,
      )
  }
}
for (const v of graph.keys()) if (!index.has(v)) visit(v)

if (problems.length > 0) {
  process.stderr.write(`Import structure: ${problems.length} problem(s)\n  ${problems.join('\n  ')}\n`)
  process.exit(1)
}
process.stdout.write(`Import structure: ${files.length} files, no cycles, every layer imports downwards.\n`)
