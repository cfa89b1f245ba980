/**
 * docs/ci-example.sh, run as a CI job runs it: the built CLI started by the
 * script itself, "app tests" that post to the capture URL with curl, and the
 * script's exit status gating on the session's expectations.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'

const root = join(import.meta.dirname, '..', '..')

function runScript(env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', [join(root, 'docs', 'ci-example.sh')], {
      cwd: env['WORK'],
      env: {
        ...process.env,
        TRACK_DEBUGGER: `${process.execPath} ${join(root, 'bin', 'track-debugger.js')}`,
        CAPTURE_PORT: '0',
        UI_PORT: '0',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout.on('data', (c: Buffer) => (out += c.toString()))
    child.stderr.on('data', (c: Buffer) => (out += c.toString()))
    child.on('exit', (code) => resolve({ code, out }))
  })
}

const post = (name: string, properties: Record<string, unknown>): string =>
  `curl -s -o /dev/null -X POST -H 'content-type: application/json' "$TRACK_API_ENDPOINT/track" --data '${JSON.stringify(
    [{ event_name: name, properties, user_id: 'u1', timestamp: '2026-01-02T10:00:00.000Z' }],
  )}'`

const expectations = JSON.stringify({
  tester: 'ci',
  expectations: [
    {
      id: 'signup',
      eventName: 'signed_up',
      conditions: [{ path: 'properties.plan', op: 'equals', value: 'pro' }],
    },
    { id: 'checkout', eventName: 'checkout_completed', count: { mode: 'exactly', n: 1 } },
  ],
})

test('the CI example passes when the app sends what is expected, and writes its reports', async () => {
  test.setTimeout(60_000)
  const work = mkdtempSync(join(tmpdir(), 'td-ci-'))
  try {
    writeFileSync(join(work, 'expected.json'), expectations)
    writeFileSync(
      join(work, 'app-tests.sh'),
      [post('signed_up', { plan: 'pro' }), post('checkout_completed', {})].join('\n'),
    )
    const { code, out } = await runScript({
      WORK: work,
      EXPECTATIONS_FILE: join(work, 'expected.json'),
      APP_TEST_COMMAND: 'bash app-tests.sh',
      REPORT_DIR: join(work, 'reports'),
      SESSION_NAME: 'Nightly "quoted" build',
    })
    expect(out).toContain('Track expectations met')
    expect(code).toBe(0)
    const junit = readFileSync(join(work, 'reports', 'track-expectations.xml'), 'utf8')
    expect(junit).toContain('tests="2" failures="0"')
    expect(junit).toContain('Nightly quoted build')
    expect(readFileSync(join(work, 'reports', 'track-report.html'), 'utf8')).toContain('PASSED')
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
})

test('the CI example fails the build on an unmet expectation, and on failing app tests', async () => {
  test.setTimeout(60_000)
  const work = mkdtempSync(join(tmpdir(), 'td-ci-'))
  try {
    writeFileSync(join(work, 'expected.json'), expectations)
    writeFileSync(join(work, 'app-tests.sh'), post('signed_up', { plan: 'free' }))
    const unmet = await runScript({
      WORK: work,
      EXPECTATIONS_FILE: join(work, 'expected.json'),
      APP_TEST_COMMAND: 'bash app-tests.sh',
      REPORT_DIR: join(work, 'reports'),
    })
    expect(unmet.code).toBe(1)
    expect(unmet.out).toContain('Track expectations not met')
    expect(unmet.out).toContain('"id":"signup"')
    expect(readFileSync(join(work, 'reports', 'track-expectations.xml'), 'utf8')).toContain('failures="2"')

    const broken = await runScript({
      WORK: work,
      EXPECTATIONS_FILE: join(work, 'expected.json'),
      APP_TEST_COMMAND: 'exit 3',
      REPORT_DIR: join(work, 'reports'),
    })
    expect(broken.code).toBe(3)
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
})
