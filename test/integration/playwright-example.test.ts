/**
 * The Playwright fixture as a user meets it: examples/playwright run as a
 * child Playwright process against Debian's Chromium, its JSON report read
 * back. One spec passes; the two that fail on purpose fail with the
 * messages a user needs (the field that differs, the similar name), with
 * the test's events and report attached. Then the passing spec runs four
 * times over in two workers against one shared debugger: each test sees
 * its own calls only.
 */
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { stripVTControlCharacters } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { automationRoutes } from '../../src/main/headless/automation/automation-routes'
import { cleanup, tempDir } from '../helpers/temp-dir'
import { startUi, type TestUi } from '../helpers/ui-server'

const root = join(import.meta.dirname, '../..')
const fixtureBuild = join(root, 'out/main/playwright.js')
const cli = join(root, 'node_modules/@playwright/test/cli.js')

interface JsonResult {
  status: string
  errors: { message?: string }[]
  attachments: { name: string; contentType: string; path?: string; body?: string }[]
}
interface JsonSpec {
  title: string
  file: string
  tests: { results: JsonResult[] }[]
}
interface JsonSuite {
  specs: JsonSpec[]
  suites?: JsonSuite[]
}
interface JsonReport {
  suites: JsonSuite[]
  stats: { expected: number; unexpected: number }
}

function specsOf(suites: JsonSuite[]): JsonSpec[] {
  return suites.flatMap((s) => [...s.specs, ...specsOf(s.suites ?? [])])
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })
}

/** Runs the example's specs in a child Playwright and returns its JSON report. */
const outputs: string[] = []

async function runExample(args: string[], env: Record<string, string> = {}): Promise<JsonReport> {
  if (!existsSync(fixtureBuild))
    throw new Error('out/main/playwright.js is missing: run `npm run build` before this test.')
  const out = tempDir('td-pw-example-')
  outputs.push(out)
  const reportFile = join(out, 'report.json')
  const port = await freePort()
  const child = spawn(
    process.execPath,
    [
      cli,
      'test',
      '-c',
      'examples/playwright',
      '--reporter=json',
      `--output=${join(out, 'results')}`,
      ...args,
    ],
    {
      cwd: root,
      env: { ...process.env, ...env, EXAMPLE_PORT: String(port), PLAYWRIGHT_JSON_OUTPUT_NAME: reportFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  child.stdout.resume()
  await new Promise<void>((resolve) => child.on('close', () => resolve()))
  if (!existsSync(reportFile)) throw new Error(`The example wrote no report:\n${stderr}`)
  return JSON.parse(readFileSync(reportFile, 'utf8')) as JsonReport
}

const strip = (text: string): string => stripVTControlCharacters(text)

let ui: TestUi | null = null
afterEach(async () => {
  await ui?.stop()
  ui = null
  for (const out of outputs.splice(0)) cleanup(out)
})

describe('examples/playwright', () => {
  it('passes the right tracking, and fails the wrong property and the missing event with readable messages', async () => {
    const report = await runExample([])
    const specs = specsOf(report.suites)
    const result = (file: string, title?: string): JsonResult =>
      specs.find((s) => s.file.endsWith(file) && (title === undefined || s.title.startsWith(title)))?.tests[0]
        ?.results[0] as JsonResult

    expect(result('signup.spec.ts', 'signing up').status).toBe('passed')
    expect(result('signup.spec.ts', 'the signup comes').status).toBe('passed')

    const wrong = result('wrong-property.spec.ts')
    expect(wrong.status).toBe('failed')
    const wrongMessage = strip(wrong.errors[0]?.message ?? '')
    expect(wrongMessage).toContain('Expected: plan_selected where properties.plan = "team"')
    expect(wrongMessage).toMatch(/#\d+: properties\.plan is "Team", expected "team"/)
    expect(wrongMessage).toContain("This test's calls: page_visit ×1, plan_selected ×1.")

    const missing = result('missing-event.spec.ts')
    expect(missing.status).toBe('failed')
    const missingMessage = strip(missing.errors[0]?.message ?? '')
    expect(missingMessage).toContain('No "checkout_started" event; similar: "checkout_start" ×1.')

    // A failure carries the test's own calls, and the report of its session.
    const names = missing.attachments.map((a) => a.name)
    expect(names).toEqual(expect.arrayContaining(['track-events.ndjson', 'track-report.html']))
    const ndjson = missing.attachments.find((a) => a.name === 'track-events.ndjson')
    expect(existsSync(ndjson?.path ?? '')).toBe(true)
    const lines = readFileSync(ndjson?.path ?? '', 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { eventName: string | null; callType: string })
    expect(lines.map((e) => e.eventName ?? e.callType)).toEqual([
      'page_visit',
      'plan_selected',
      'checkout_start',
    ])
    expect(report.stats).toMatchObject({ expected: 2, unexpected: 2 })
  }, 180_000)

  it('keeps each test to its own calls when parallel workers share one debugger', async () => {
    const token = 'shared-debugger-token-0123456789'
    ui = await startUi({ token, routes: (engine) => [automationRoutes(engine)] })
    await ui.t.engine.call('validation.mode.set', { mode: 'strict' })
    const report = await runExample(['--grep', 'Pro plan', '--repeat-each', '4', '--workers', '2'], {
      TRACK_DEBUGGER_URL: ui.ui.baseUrl,
      TRACK_DEBUGGER_TOKEN: token,
    })
    // Each run asserts exactly one signed_up: a neighbour's call in its scope would fail it.
    const failures = specsOf(report.suites).flatMap((s) =>
      s.tests.flatMap((t) => t.results.flatMap((r) => r.errors.map((e) => strip(e.message ?? '')))),
    )
    expect(failures).toEqual([])
    expect(report.stats).toMatchObject({ expected: 4, unexpected: 0 })
    const rows = ui.t.engine.internals.db
      .prepare("SELECT test_id, count(*) AS n FROM events WHERE event_name = 'signed_up' GROUP BY test_id")
      .all() as { test_id: string | null; n: number }[]
    expect(rows).toHaveLength(4)
    expect(rows.every((r) => r.test_id !== null && r.n === 1)).toBe(true)
  }, 180_000)
})
