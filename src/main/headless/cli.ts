/**
 * `track-debugger serve`: the engine under plain Node, with the UI served
 * to a browser. For CI and for machines without a display.
 */
import { randomBytes } from 'node:crypto'
import { join, resolve } from 'node:path'
import { readVersion } from './version'
import { parseArgs } from 'node:util'
import { createEngine } from '../engine/engine'
import { defaultDataDir } from '../engine/paths'
import {
  applyModeFlags,
  headlessSendOptions,
  MODE_FLAGS_HELP,
  parseModeFlags,
  type ModeFlags,
} from './mode-flags'
import { PortInUseError } from '../engine/errors'
import { applyValidationFlag, parseValidationFlag, VALIDATION_FLAG_HELP } from './validation-flag'
import type { ValidationMode } from '../../shared/contract/validation'
import { automationRoutes } from './automation/automation-routes'
import { UiServer } from './ui-server'
import { parseVerifyArgs, verify, VERIFY_HELP, VerifyUsageError } from './verify'
import { parseRunArgs, run, RUN_HELP, RunUsageError } from './run'
import { browserMain } from './browser'

const HELP = `Track Debugger — capture, inspect and validate Track API calls.

Usage: track-debugger serve [options]
       track-debugger verify --expect <file> [options] -- <command>   (see verify --help)
       track-debugger run -- <command>   run a command with its HTTPS through the capture proxy
       track-debugger browser [url]      open a browser whose pages are captured (fresh profile)
       track-debugger mcp [--data-dir <dir>]   the log as read-only tools for an AI assistant (stdio)
       track-debugger openapi            print the automation API's OpenAPI document (YAML)

Options:
  --capture-port <port>  port for the capture server (default 8787; 0 = any free port)
  --ui-port <port>       port for the browser UI (default 8788; 0 = any free port)
  --proxy-port <port>    port for the capture proxy, HTTPS interception of Track hosts
                         for apps that cannot be changed (default 8789; 0 = any free port)
  --host <address>       address both servers bind (default 127.0.0.1)
  --data-dir <dir>       where the event log lives
                         (default $XDG_DATA_HOME/track-debugger or ~/.local/share/track-debugger)
  --token <token>        token for the UI and automation API (default: random each run;
                         also TRACK_DEBUGGER_TOKEN)
  --body-memory <MB>     request bodies the capture port holds at once, in MB; past it
                         calls get 503 with Retry-After (default 1/16 of memory, 64–1024)
${MODE_FLAGS_HELP}${VALIDATION_FLAG_HELP}  -h, --help             show this help
  -v, --version          print the version

Point your SDK at the capture URL it prints:  apiEndpoint: 'http://127.0.0.1:8787/api'
Credentials for sends and forward mode: TRACK_DEBUGGER_API_KEY, TRACK_DEBUGGER_BEARER_TOKEN
(used for any environment without a key of its own; never printed).
`

export interface ServeOptions {
  capturePort: number
  uiPort: number
  proxyPort: number
  host: string
  dataDir: string
  token: string
  modeFlags: ModeFlags
  /** Undefined: keep the persisted setting. */
  validation: ValidationMode | undefined
  /** Undefined: a share of the machine's memory (engine default). */
  bodyBudgetBytes: number | undefined
}

export class UsageError extends Error {}

function port(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new UsageError(`${flag} must be a port number from 0 to 65535, got "${value}".`)
  return n
}

export function parseServeArgs(argv: string[], env: NodeJS.ProcessEnv): ServeOptions | 'help' | 'version' {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'capture-port': { type: 'string' },
      'ui-port': { type: 'string' },
      'proxy-port': { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      token: { type: 'string' },
      mode: { type: 'string' },
      upstream: { type: 'string' },
      fault: { type: 'string' },
      delay: { type: 'string' },
      validation: { type: 'string' },
      'body-memory': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  })
  if (values.help) return 'help'
  if (values.version) return 'version'
  const command = positionals[0] ?? 'serve'
  if (command !== 'serve')
    throw new UsageError(`Unknown command "${command}". Try: track-debugger serve --help`)
  const token = values.token ?? env['TRACK_DEBUGGER_TOKEN'] ?? randomBytes(24).toString('base64url')
  if (token.length < 16) throw new UsageError('--token must be at least 16 characters.')
  let modeFlags: ModeFlags
  let validation: ValidationMode | undefined
  try {
    modeFlags = parseModeFlags(values)
    validation = parseValidationFlag(values.validation)
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
  return {
    capturePort: port(values['capture-port'], '--capture-port', 8787),
    uiPort: port(values['ui-port'], '--ui-port', 8788),
    proxyPort: port(values['proxy-port'], '--proxy-port', 8789),
    host: values.host ?? '127.0.0.1',
    dataDir: resolve(values['data-dir'] ?? defaultDataDir(env)),
    token,
    modeFlags,
    validation,
    bodyBudgetBytes: megabytes(values['body-memory'], '--body-memory'),
  }
}

function megabytes(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isFinite(n) || n < 4 || n > 65536)
    throw new UsageError(`${flag} must be a number of MB from 4 to 65536, got "${value}".`)
  return Math.round(n * 1024 * 1024)
}

async function verifyMain(argv: string[]): Promise<number> {
  let opts: ReturnType<typeof parseVerifyArgs>
  try {
    opts = parseVerifyArgs(argv)
  } catch (error) {
    if (!(error instanceof VerifyUsageError)) throw error
    process.stderr.write(`${error.message}\n\n${VERIFY_HELP}`)
    return 2
  }
  if (opts === 'help') {
    process.stdout.write(VERIFY_HELP)
    return 0
  }
  try {
    return await verify(opts, readVersion())
  } catch (error) {
    process.stderr.write(`verify failed: ${(error as Error).message}\n`)
    return 2
  }
}

async function runMain(argv: string[]): Promise<number> {
  let opts: ReturnType<typeof parseRunArgs>
  try {
    opts = parseRunArgs(argv, process.env)
  } catch (error) {
    if (!(error instanceof RunUsageError)) throw error
    process.stderr.write(`${error.message}\n\n${RUN_HELP}`)
    return 2
  }
  if (opts === 'help') {
    process.stdout.write(RUN_HELP)
    return 0
  }
  return run(opts)
}

async function mcpMain(argv: string[]): Promise<number> {
  // Loaded only for this command: the desktop app and `serve` never carry the MCP SDK.
  const { MCP_HELP, parseMcpArgs, runMcp } = await import('./mcp')
  let opts: ReturnType<typeof parseMcpArgs>
  try {
    opts = parseMcpArgs(argv, process.env)
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${MCP_HELP}`)
    return 2
  }
  if (opts === 'help') {
    process.stdout.write(MCP_HELP)
    return 0
  }
  return runMcp(resolve(opts.dataDir), readVersion())
}

export async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'verify') return verifyMain(argv.slice(1))
  if (argv[0] === 'mcp') return mcpMain(argv.slice(1))
  if (argv[0] === 'run') return runMain(argv.slice(1))
  if (argv[0] === 'browser') return browserMain(argv.slice(1))
  if (argv[0] === 'openapi') {
    const { openApiYaml } = await import('./automation/openapi-yaml')
    process.stdout.write(openApiYaml())
    return 0
  }
  let parsed: ReturnType<typeof parseServeArgs>
  try {
    parsed = parseServeArgs(argv, process.env)
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${HELP}`)
    return 2
  }
  const version = readVersion()
  if (parsed === 'help') {
    process.stdout.write(HELP)
    return 0
  }
  if (parsed === 'version') {
    process.stdout.write(`${version}\n`)
    return 0
  }
  const opts = parsed
  const engine = createEngine({
    dataDir: opts.dataDir,
    captureHost: opts.host,
    capturePort: opts.capturePort,
    capturePortHint: '--capture-port <port>',
    proxyPort: opts.proxyPort,
    proxyPortHint: '--proxy-port <port>',
    bodyBudgetBytes: opts.bodyBudgetBytes,
    version,
    transport: 'http',
    send: headlessSendOptions(process.env),
  })
  const ui = new UiServer({
    engine,
    host: opts.host,
    port: opts.uiPort,
    token: opts.token,
    staticDir: join(import.meta.dirname, '../renderer'),
    routes: [automationRoutes(engine)],
  })
  let modeLine = ''
  let validationLine = ''
  try {
    await engine.start()
    modeLine = await applyModeFlags(engine, opts.modeFlags)
    validationLine = await applyValidationFlag(engine, opts.validation)
    await ui.listen()
  } catch (error) {
    await engine.close()
    const message =
      error instanceof PortInUseError ? error.message : `Could not start: ${(error as Error).message}`
    process.stderr.write(`${message}\n`)
    return 1
  }

  const exposed = opts.host !== '127.0.0.1' && opts.host !== 'localhost' && opts.host !== '::1'
  process.stdout.write(
    [
      `Track Debugger ${version} (headless)`,
      `  Capture: ${engine.info.captureUrl}`,
      `  UI:      ${ui.url}`,
      `  Proxy:   ${engine.info.proxyUrl ?? `off (${(await engine.call('proxy.status', {})).error})`}`,
      `  Log:     ${engine.databasePath}`,
      `  Mode:    ${modeLine}`,
      `  Validation: ${validationLine}`,
      '',
      `Point your SDK at it:  apiEndpoint: '${engine.info.captureUrl}'`,
      `Or capture an app you cannot change:  track-debugger run -- <command>  (or track-debugger browser)`,
      exposed ? `Warning: bound to ${opts.host}; other machines on the network can reach these ports.` : '',
      'Press Ctrl+C to stop.',
      '',
    ]
      .filter((l, i, all) => l !== '' || all[i - 1] !== '')
      .join('\n'),
  )

  return new Promise<number>((resolveExit) => {
    let stopping = false
    const stop = (signal: string): void => {
      if (stopping) {
        process.stderr.write(`Second ${signal}: exiting now.\n`)
        process.exit(130)
      }
      stopping = true
      process.stdout.write(`\n${signal} received: finishing requests in flight and closing the log…\n`)
      void (async () => {
        await ui.close()
        await engine.close()
        process.stdout.write('Stopped cleanly.\n')
        resolveExit(0)
      })()
    }
    process.on('SIGINT', () => stop('SIGINT'))
    process.on('SIGTERM', () => stop('SIGTERM'))
  })
}

// Run when executed (bin/track-debugger.js imports this file and calls main).
export default main
