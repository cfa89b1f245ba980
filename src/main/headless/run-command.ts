import { spawn } from 'node:child_process'

/**
 * Runs a user's command with extra environment variables and resolves with
 * its exit code: 127 when it cannot be started (said on `err`), 128 when a
 * signal ended it. Its output goes to `out` (both streams), or straight to
 * this terminal when `out` is 'inherit'.
 */
export function runCommand(
  command: readonly string[],
  env: Record<string, string>,
  out: NodeJS.WritableStream | 'inherit',
  err: NodeJS.WritableStream = out === 'inherit' ? process.stderr : out,
): Promise<number> {
  return new Promise((done) => {
    const [file, ...args] = command as [string, ...string[]]
    const child = spawn(file, args, {
      stdio: out === 'inherit' ? 'inherit' : ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    })
    if (out !== 'inherit') {
      child.stdout?.on('data', (d: Buffer) => out.write(d))
      child.stderr?.on('data', (d: Buffer) => out.write(d))
    }
    child.on('error', (error) => {
      err.write(`Could not run ${file}: ${error.message}\n`)
      done(127)
    })
    child.on('close', (code, signal) => done(code ?? (signal ? 128 : 1)))
  })
}
