/**
 * The headless command line's say in sending: `--mode`, `--upstream`,
 * `--fault`, `--delay`, and credentials from `TRACK_DEBUGGER_API_KEY` /
 * `TRACK_DEBUGGER_BEARER_TOKEN`. Flags are checked before anything starts
 * (a typo is a usage error, not a surprise at the first request), then
 * applied through the same contract methods the UI uses, so the mode they
 * set is persisted and shown in the UI like any other.
 */
import type { CaptureModeState, FaultConfig, FaultStatus } from '../../shared/contract/send'
import type { CaptureModePatch } from '../../shared/contract/send.schemas'
import { FAULT_STATUSES } from '../../shared/contract/send'
import type { Engine } from '../engine/types'
import { describeFault } from '../engine/send/intercept'
import type { SendOptions } from '../engine/send/send-options'

export interface ModeFlags {
  mode?: 'capture' | 'forward' | 'fault'
  upstream?: string
  fault?: Pick<FaultConfig, 'action' | 'status' | 'percent'>
  delayMs?: number
}

export const MODE_FLAGS_HELP = `  --mode <capture|forward>  capture (answer like the real API) or forward each request upstream
  --upstream <url|name>  where forward mode sends: a base URL (http://127.0.0.1:9000/api)
                         or an environment name (Production, Development, ...)
  --fault <status>[@<share>]
                         inject faults: 400, 401, 429, 500, 503 or "drop", for a share of
                         requests (0.25 or 25%; default all), e.g. --fault 429@0.5
  --delay <ms>           answer every request (or every faulted one) after this delay
`

/** Throws an Error with a usage message on a bad flag. */
export function parseModeFlags(values: {
  mode?: string
  upstream?: string
  fault?: string
  delay?: string
}): ModeFlags {
  const flags: ModeFlags = {}
  if (values.mode !== undefined) {
    if (values.mode !== 'capture' && values.mode !== 'forward' && values.mode !== 'fault')
      throw new Error(`--mode must be capture or forward, got "${values.mode}".`)
    flags.mode = values.mode
  }
  if (values.upstream !== undefined) {
    if (values.upstream.trim() === '') throw new Error('--upstream needs a base URL or an environment name.')
    flags.upstream = values.upstream.trim()
    flags.mode ??= 'forward'
  }
  if (values.fault !== undefined) {
    const m = /^(\w+)(?:@(\d+(?:\.\d+)?)(%?))?$/.exec(values.fault.trim())
    if (!m) throw new Error(`--fault must look like 500, 429@0.5 or drop@25%, got "${values.fault}".`)
    const what = m[1] as string
    const drop = what === 'drop'
    const status = Number(what)
    if (!drop && !FAULT_STATUSES.includes(status as FaultStatus))
      throw new Error(`--fault status must be one of ${FAULT_STATUSES.join(', ')} or drop, got "${what}".`)
    let percent = 100
    if (m[2] !== undefined) {
      const n = Number(m[2])
      percent = m[3] === '%' || n > 1 ? n : n * 100
      if (percent <= 0 || percent > 100)
        throw new Error(`--fault share must be above 0 and at most 1 (or 100%).`)
    }
    flags.fault = { action: drop ? 'drop' : 'status', status: drop ? 500 : (status as FaultStatus), percent }
  }
  if (values.delay !== undefined) {
    const n = Number(values.delay)
    if (!Number.isInteger(n) || n < 0 || n > 120_000)
      throw new Error(`--delay must be milliseconds from 0 to 120000, got "${values.delay}".`)
    flags.delayMs = n
  }
  if (flags.fault || flags.delayMs !== undefined) {
    if (flags.mode === 'forward' || flags.mode === 'capture')
      throw new Error(
        `--fault and --delay make the debugger inject faults; they cannot be combined with --mode ${flags.mode}.`,
      )
    flags.mode = 'fault'
  }
  return flags
}

/** Headless credentials: the environment variables stand in for any environment that stores none. */
export function headlessSendOptions(env: NodeJS.ProcessEnv): SendOptions {
  const apiKey = env['TRACK_DEBUGGER_API_KEY']?.trim()
  const bearerToken = env['TRACK_DEBUGGER_BEARER_TOKEN']?.trim()
  return {
    variableCredentials: {
      ...(apiKey ? { apiKey } : {}),
      ...(bearerToken ? { bearerToken } : {}),
    },
  }
}

export function describeMode(state: CaptureModeState): string {
  if (state.mode === 'forward')
    return `forward → ${state.upstreamName ?? '?'} (${state.upstreamUrl ?? 'no URL'})`
  if (state.mode === 'fault') return `fault injection: ${describeFault(state.fault)}`
  return 'capture (answering like the real API)'
}

/** Apply the flags to a started engine; returns the line the CLI prints. */
export async function applyModeFlags(engine: Engine, flags: ModeFlags): Promise<string> {
  const patch: CaptureModePatch = {}
  if (flags.mode) patch.mode = flags.mode
  if (flags.upstream) patch.upstreamEnvironmentId = await resolveUpstream(engine, flags.upstream)
  if (flags.fault || flags.delayMs !== undefined) {
    patch.fault = {
      ...(flags.fault ?? { action: 'none', percent: 100 }),
      delayMs: flags.delayMs ?? 0,
      eventName: '',
    }
  }
  const state =
    Object.keys(patch).length > 0
      ? await engine.call('capture.setMode', patch)
      : await engine.call('capture.getMode', {})
  return describeMode(state)
}

async function resolveUpstream(engine: Engine, value: string): Promise<string> {
  const envs = await engine.call('environments.list', {})
  const byName = envs.find((e) => e.id === value || e.name.toLowerCase() === value.toLowerCase())
  if (byName) return byName.id
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new Error(
      `--upstream "${value}" is neither a URL nor an environment (${envs.map((e) => e.name).join(', ')}).`,
    )
  }
  const baseUrl = url.href.replace(/\/+$/, '')
  const same = envs.find((e) => e.baseUrl === baseUrl)
  if (same) return same.id
  const name = `Command line: ${url.host}`
  const existing = envs.find((e) => e.name === name)
  const saved = await engine.call('environments.save', {
    id: existing?.id,
    name,
    baseUrl,
    variables: existing?.variables ?? {},
  })
  return saved.id
}
