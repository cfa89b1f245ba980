/**
 * `track-debugger verify`: gate a build on its tracking in one line, in any
 * CI and any language.
 *
 *   track-debugger verify --expect expected.json [--plan plan.csv]
 *     [--junit out.xml] [--html report.html] [--timeout 10] -- <command> [args…]
 *
 * It starts an engine on free ports with a log of its own, runs the command
 * with the capture URL in its environment, waits for the expectations (the
 * same matching as a QA session, woken by each commit rather than polling),
 * writes the reports, prints what was met and what was closest, and exits
 * 0 (every expectation met, no invalid call, the command succeeded),
 * 1 (something unmet or invalid, or the command failed) or 2 (usage).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { z } from 'zod'
import type { ExpectationInput, SessionDetail } from '../../shared/contract/sessions'
import { expectationInputSchema } from '../../shared/contract/sessions.schemas'
import { createEngine, type TrackEngine } from '../engine/engine'
import { describeExpectation } from '../../shared/expectation-text'
import { proxyEnv } from '../../shared/proxy-env'
import { runCommand } from './run-command'

export const VERIFY_HELP = `Usage: track-debugger verify --expect <file> [options] -- <command> [args...]

Runs <command> with the capture URL in its environment, waits for the expected
events, writes reports, and exits 0 when every expectation is met and no call
was invalid, 1 when not, 2 on a usage error.

Options:
  --expect <file>     JSON: an array of expectations (or {"expectations": [...]}),
                      the shape of POST /automation/v1/sessions
  --plan <file>       a tracking plan (CSV, JSON rows or JSON Schema); calls that
                      break it count as invalid
  --timeout <s>       how long to wait for the expectations after the command
                      ends (default 10)
  --junit <file>      write a JUnit XML report (one test case per expectation)
  --html <file>       write the HTML report
  --name <name>       the session's name in the reports (default: the command)

The command gets, in its environment:
  TRACK_DEBUGGER_CAPTURE_URL  the capture URL (set the SDK's apiEndpoint to it)
  TRACK_API_ENDPOINT          the same, for apps that read their endpoint from it
  HTTPS_PROXY, NODE_USE_ENV_PROXY, NODE_EXTRA_CA_CERTS, SSL_CERT_FILE, ...
                              the capture proxy, so apps that keep the real Track host
                              are captured too
`

const expectationList = z.array(expectationInputSchema).min(1).max(500)
const expectationFile = z.object({ expectations: expectationList })

export interface VerifyOptions {
  expectations: ExpectationInput[]
  plan: string | null
  timeoutMs: number
  junit: string | null
  html: string | null
  name: string
  command: string[]
}

export class VerifyUsageError extends Error {}

function readText(path: string, flag: string): string {
  try {
    return readFileSync(resolve(path), 'utf8')
  } catch (error) {
    throw new VerifyUsageError(
      `${flag} ${path}: ${(error as NodeJS.ErrnoException).code ?? 'cannot read it'}.`,
    )
  }
}

export function parseVerifyArgs(argv: string[]): VerifyOptions | 'help' {
  const split = argv.indexOf('--')
  const own = split === -1 ? argv : argv.slice(0, split)
  const command = split === -1 ? [] : argv.slice(split + 1)
  let values: Record<string, string | boolean | undefined>
  try {
    ;({ values } = parseArgs({
      args: own,
      options: {
        expect: { type: 'string' },
        plan: { type: 'string' },
        timeout: { type: 'string' },
        junit: { type: 'string' },
        html: { type: 'string' },
        name: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }))
  } catch (error) {
    throw new VerifyUsageError((error as Error).message)
  }
  if (values['help']) return 'help'
  if (command.length === 0) throw new VerifyUsageError('Give the command to run after --.')
  const expectPath = values['expect']
  if (typeof expectPath !== 'string') throw new VerifyUsageError('--expect <file> is required.')
  let parsedJson: unknown
  try {
    parsedJson = JSON.parse(readText(expectPath, '--expect'))
  } catch (error) {
    if (error instanceof VerifyUsageError) throw error
    throw new VerifyUsageError(`--expect ${expectPath} is not JSON: ${(error as Error).message}`)
  }
  // A bare list or {"expectations": [...]}: each checked with its own schema, so an error names the field.
  const checked = Array.isArray(parsedJson)
    ? expectationList.safeParse(parsedJson)
    : expectationFile.transform((f) => f.expectations).safeParse(parsedJson)
  if (!checked.success) {
    const issue = checked.error.issues[0]
    throw new VerifyUsageError(
      `--expect ${expectPath}: ${issue ? `${issue.path.join('.') || 'the file'}: ${issue.message}` : 'not a list of expectations'}`,
    )
  }
  const timeout = values['timeout'] === undefined ? 10 : Number(values['timeout'])
  if (!Number.isFinite(timeout) || timeout < 0 || timeout > 600)
    throw new VerifyUsageError(
      `--timeout must be a number of seconds from 0 to 600, got "${values['timeout']}".`,
    )
  const plan = typeof values['plan'] === 'string' ? readText(values['plan'], '--plan') : null
  return {
    expectations: checked.data,
    plan,
    timeoutMs: Math.round(timeout * 1000),
    junit: typeof values['junit'] === 'string' ? resolve(values['junit']) : null,
    html: typeof values['html'] === 'string' ? resolve(values['html']) : null,
    name: typeof values['name'] === 'string' ? values['name'] : command.join(' ').slice(0, 200),
    command,
  }
}

/** Waits (woken by commits) until every expectation is met or the time is up. */
async function waitForAll(engine: TrackEngine, session: SessionDetail, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs
  for (const result of session.results) {
    // One wait answers within two minutes at most (the contract's bound): ask again until the time is up.
    for (;;) {
      const left = Math.max(0, Math.round(deadline - performance.now()))
      const outcome = await engine.call('events.wait', {
        expectation: result.expectation,
        session: session.id,
        timeoutMs: Math.min(left, 120_000),
      })
      if (outcome.met || left <= 120_000) break
    }
  }
}

export async function verify(
  opts: VerifyOptions,
  version: string,
  out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'track-debugger-verify-'))
  const engine = createEngine({ dataDir, capturePort: 0, proxyPort: 0, version, transport: 'http' })
  try {
    await engine.start()
    if (opts.plan !== null) {
      const saved = await engine.call('plan.save', { source: opts.plan })
      if (!saved.ok) {
        out.write(
          `The tracking plan has errors:\n${saved.errors.map((e) => `  ${e.location}: ${e.message}`).join('\n')}\n`,
        )
        return 2
      }
    }
    await engine.call('validation.mode.set', { mode: 'strict' })
    const session = await engine.call('sessions.start', { name: opts.name, expectations: opts.expectations })
    out.write(
      `Track Debugger ${version}: capturing at ${engine.info.captureUrl}\n$ ${opts.command.join(' ')}\n`,
    )
    const proxy = await engine.call('proxy.status', {})
    const proxyVars =
      proxy.url && proxy.ca
        ? Object.fromEntries(
            proxyEnv({ proxyUrl: proxy.url, certPath: proxy.ca.certPath, bundlePath: proxy.ca.bundlePath }),
          )
        : {}
    const captureUrl = engine.info.captureUrl
    const exit = await runCommand(
      opts.command,
      { ...proxyVars, TRACK_DEBUGGER_CAPTURE_URL: captureUrl, TRACK_API_ENDPOINT: captureUrl },
      out,
    )
    await waitForAll(engine, session, opts.timeoutMs)
    const final = await engine.call('sessions.stop', { id: session.id })
    // The counts the session kept at its stop, as its JSON report gives them.
    const kept = JSON.parse(
      (await engine.call('sessions.report', { id: session.id, format: 'json' })).content,
    ) as {
      statusCounts: { invalid: number }
      findings: { severity: string; rule: string; message: string }[]
    }
    const invalid = kept.statusCounts.invalid
    for (const [format, path] of [
      ['junit', opts.junit],
      ['html', opts.html],
    ] as const) {
      if (path === null) continue
      const report = await engine.call('sessions.report', { id: session.id, format })
      writeFileSync(path, report.content)
    }

    const lines = ['', `Expectations (${final.met} of ${final.results.length} met):`]
    for (const r of final.results) {
      lines.push(`  ${r.verdict === 'met' ? '✓' : '✗'} ${describeExpectation(r.expectation)} — ${r.reason}`)
      for (const m of r.nearMisses.slice(0, 3))
        lines.push(`      closest: event #${m.eventId}: ${m.reasons.join('; ')}`)
    }
    lines.push(
      `Calls: ${final.eventCount} events, ${invalid} invalid${
        invalid > 0
          ? ` (${kept.findings
              .filter((f) => f.severity === 'error')
              .slice(0, 3)
              .map((f) => `${f.rule}: ${f.message}`)
              .join('; ')})`
          : ''
      }.`,
    )
    if (exit !== 0) lines.push(`The command exited with ${exit}.`)
    if (opts.junit) lines.push(`JUnit report: ${opts.junit}`)
    if (opts.html) lines.push(`HTML report: ${opts.html}`)
    const passed = final.passed && invalid === 0 && exit === 0
    lines.push(passed ? 'PASSED' : 'FAILED', '')
    out.write(lines.join('\n'))
    return passed ? 0 : 1
  } finally {
    await engine.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
