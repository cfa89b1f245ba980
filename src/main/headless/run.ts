/**
 * `track-debugger run -- <command>`: starts one command with its HTTPS sent
 * through the running debugger's capture proxy and the local CA trusted, for
 * that command only, so a Node service, a script or a CLI whose endpoint
 * cannot be changed is captured. The debugger (desktop app or `serve`) must
 * be running on the same data folder: this command starts no engine.
 */
import { existsSync } from 'node:fs'
import { connect } from 'node:net'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { proxyEnv } from '../../shared/proxy-env'
import { defaultDataDir } from '../engine/paths'
import { CA_BUNDLE_FILE, CA_CERT_FILE } from '../engine/proxy/certificate-authority'
import { runCommand } from './run-command'

export const RUN_HELP = `Usage: track-debugger run [--proxy-port <port>] [--data-dir <dir>] -- <command> [args...]

Runs <command> with HTTPS_PROXY pointing at the running Track Debugger's capture
proxy and its local CA trusted (NODE_EXTRA_CA_CERTS, SSL_CERT_FILE and friends),
for that command only. Its Track calls are captured; everything else passes
through untouched. Start the app (or \`track-debugger serve\`) first.

Options:
  --proxy-port <port>  the capture proxy's port (default 8789)
  --data-dir <dir>     the data folder of the running debugger (default: the app's)
`

export class RunUsageError extends Error {}

export interface RunOptions {
  proxyPort: number
  dataDir: string
  command: string[]
}

export function parseRunArgs(argv: string[], env: NodeJS.ProcessEnv): RunOptions | 'help' {
  const split = argv.indexOf('--')
  const own = split === -1 ? argv : argv.slice(0, split)
  const command = split === -1 ? [] : argv.slice(split + 1)
  let values: { 'proxy-port'?: string; 'data-dir'?: string; help?: boolean }
  try {
    ;({ values } = parseArgs({
      args: own,
      options: {
        'proxy-port': { type: 'string' },
        'data-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }))
  } catch (error) {
    throw new RunUsageError((error as Error).message)
  }
  if (values.help) return 'help'
  if (command.length === 0) throw new RunUsageError('Give the command to run after --.')
  return {
    proxyPort: proxyPortArg(values['proxy-port']),
    dataDir: resolve(values['data-dir'] ?? defaultDataDir(env)),
    command,
  }
}

/** `--proxy-port` of `run` and `browser`: the running debugger's proxy, 8789 unless given. */
export function proxyPortArg(value: string | undefined): number {
  const port = value === undefined ? 8789 : Number(value)
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new RunUsageError(`--proxy-port must be a port from 1 to 65535, got "${value}".`)
  return port
}

export interface RunningProxy {
  proxyUrl: string
  certPath: string
  bundlePath: string
}

/** The running debugger's proxy and CA files, or what is missing, in words. */
export async function runningProxy(
  port: number,
  dataDir: string,
): Promise<RunningProxy | { problem: string }> {
  const certPath = join(dataDir, CA_CERT_FILE)
  if (!(await proxyListening(port)))
    return {
      problem: `No capture proxy is listening on 127.0.0.1:${port}. Start Track Debugger (npm start, or track-debugger serve) first, or give its --proxy-port.`,
    }
  if (!existsSync(certPath))
    return {
      problem: `The capture proxy's CA is not in ${dataDir}. Give the data folder of the running debugger with --data-dir.`,
    }
  return { proxyUrl: `http://127.0.0.1:${port}`, certPath, bundlePath: join(dataDir, CA_BUNDLE_FILE) }
}

/** Is something accepting connections on 127.0.0.1:port (the running debugger's proxy)? */
export function proxyListening(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: '127.0.0.1', port })
    socket.setTimeout(2_000, () => socket.destroy())
    socket.once('connect', () => {
      socket.destroy()
      done(true)
    })
    socket.once('error', () => done(false))
    socket.once('close', () => done(false))
  })
}

/** Resolves with the command's exit code; 2 when the debugger is not there to capture. */
export async function run(opts: RunOptions, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const proxy = await runningProxy(opts.proxyPort, opts.dataDir)
  if ('problem' in proxy) {
    err.write(`${proxy.problem}\n`)
    return 2
  }
  const vars = Object.fromEntries(proxyEnv(proxy))
  return runCommand(opts.command, vars, 'inherit', err)
}
