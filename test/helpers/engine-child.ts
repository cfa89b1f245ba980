/**
 * Runs test/helpers/engine-process.ts as a child Node process. The engine is
 * TypeScript, so it is bundled once per test run with rolldown (the bundler
 * electron-vite itself uses) into node_modules/.cache, where Node still
 * resolves better-sqlite3 from the project. This needs no prior app build.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { build } from 'rolldown'

const root = resolve(import.meta.dirname, '../..')
const outFile = join(root, 'node_modules/.cache/track-debugger-test/engine-process.mjs')
let bundled: Promise<void> | null = null

function bundle(): Promise<void> {
  bundled ??= (async () => {
    mkdirSync(join(outFile, '..'), { recursive: true })
    await build({
      input: join(root, 'test/helpers/engine-process.ts'),
      platform: 'node',
      external: ['better-sqlite3', /^node:/],
      output: { file: outFile, format: 'esm' },
      write: true,
      logLevel: 'warn',
    })
  })()
  return bundled
}

export interface EngineChild {
  process: ChildProcess
  captureUrl: string
  /** Resolves with the exit code or signal once the process is gone. */
  exited: Promise<number | string>
}

export async function spawnEngine(dataDir: string): Promise<EngineChild> {
  await bundle()
  const child = spawn(process.execPath, [outFile, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] })
  const exited = new Promise<number | string>((done) =>
    child.once('exit', (code, signal) => done(signal ?? code ?? -1)),
  )
  let stderr = ''
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()))
  const captureUrl = await new Promise<string>((ok, fail) => {
    let out = ''
    const timer = setTimeout(() => fail(new Error(`engine did not start in 10 s: ${stderr}`)), 10_000)
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /READY (\S+)/.exec(out)
      if (m?.[1]) {
        clearTimeout(timer)
        ok(m[1])
      }
    })
    void exited.then((how) => {
      clearTimeout(timer)
      fail(new Error(`engine exited (${how}) before it was ready: ${stderr}`))
    })
  })
  return { process: child, captureUrl, exited }
}
