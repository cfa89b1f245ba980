/**
 * Bundles a worker-thread entry of the engine (e.g. writer/checkpoint-worker.ts) to
 * JavaScript with rolldown, the bundler electron-vite uses, so tests can run it from
 * the TypeScript sources. Once per process, entry and folder.
 */
import { mkdirSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { build } from 'rolldown'

const root = resolve(import.meta.dirname, '../../..')
const built = new Map<string, Promise<string>>()

/** Writes `<entry name>.mjs` (the name the engine looks for) into `dir` (default: a cache folder); resolves with its path. */
export function buildWorker(
  entry: string,
  dir = join(root, 'node_modules/.cache/track-debugger-test/workers'),
): Promise<string> {
  const file = join(dir, `${basename(entry, '.ts')}.mjs`)
  let done = built.get(file)
  if (!done) {
    done = (async () => {
      mkdirSync(dir, { recursive: true })
      await build({
        input: join(root, entry),
        platform: 'node',
        external: ['better-sqlite3', /^node:/],
        output: { file, format: 'esm' },
        write: true,
        logLevel: 'warn',
      })
      return file
    })()
    built.set(file, done)
  }
  return done
}
