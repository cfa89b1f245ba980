/**
 * `track-debugger verify` as a CI job runs it: a real engine on free
 * ports, a real child process (a Node script standing in for the app's
 * tests) that sends calls to the capture URL it finds in its environment,
 * and the JUnit report parsed back.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { main } from '../../src/main/headless/cli'
import { parseVerifyArgs, verify, VerifyUsageError } from '../../src/main/headless/verify'
import { cleanup, tempDir, trackEvent } from '../helpers/engine'
import { findAll, parseXml } from '../helpers/tiny-xml'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) cleanup(d)
})

/** A folder with the app (a script that sends the events given to it), the expectations and a plan. */
function project(events: unknown[]): { dir: string; file: (name: string) => string } {
  const dir = tempDir('td-verify-')
  dirs.push(dir)
  writeFileSync(
    join(dir, 'app.mjs'),
    `const url = process.env.TRACK_DEBUGGER_CAPTURE_URL
const events = ${JSON.stringify(events)}
const res = await fetch(url + '/track', {
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-api-key': 'tsk_app_key_0001' },
  body: JSON.stringify(events),
})
console.log('app: sent', events.length, 'events, got', res.status)
`,
  )
  writeFileSync(
    join(dir, 'expected.json'),
    JSON.stringify([
      {
        id: 'signup',
        eventName: 'signed_up',
        conditions: [{ path: 'properties.plan', op: 'equals', value: 'pro' }],
      },
      { id: 'checkout', eventName: 'checkout_completed', count: { mode: 'exactly', n: 1 } },
    ]),
  )
  writeFileSync(
    join(dir, 'plan.csv'),
    'event,property,type,required,allowed values\nsigned_up,plan,string,yes,free|pro\n',
  )
  return { dir, file: (name) => join(dir, name) }
}

async function runVerify(args: string[]): Promise<{ code: number; output: string }> {
  const out = new PassThrough()
  let output = ''
  out.on('data', (d: Buffer) => (output += d.toString()))
  const opts = parseVerifyArgs(args)
  if (opts === 'help') throw new Error('help')
  const code = await verify(opts, 'test', out)
  return { code, output }
}

describe('track-debugger verify', () => {
  it('passes when the app sends what is expected, and writes a JUnit report that parses', async () => {
    const p = project([trackEvent('signed_up'), trackEvent('checkout_completed')])
    const { code, output } = await runVerify([
      '--expect',
      p.file('expected.json'),
      '--plan',
      p.file('plan.csv'),
      '--junit',
      p.file('out.xml'),
      '--html',
      p.file('report.html'),
      '--timeout',
      '2',
      '--',
      process.execPath,
      p.file('app.mjs'),
    ])
    expect(output).toContain('app: sent 2 events, got 200')
    expect(output).toContain('Expectations (2 of 2 met)')
    expect(output).toContain('PASSED')
    expect(code).toBe(0)
    const junit = parseXml(readFileSync(p.file('out.xml'), 'utf8'))
    const cases = findAll(junit, 'testcase')
    expect(cases).toHaveLength(2)
    expect(findAll(junit, 'failure')).toHaveLength(0)
    expect(readFileSync(p.file('report.html'), 'utf8')).toContain('data-outcome="passed"')
  })

  it('captures an app that keeps the real Track host, through the capture proxy it is given', async () => {
    const p = project([])
    writeFileSync(
      p.file('unchanged-app.mjs'),
      `const res = await fetch('https://api.app.thrivestack.ai/api/track', {
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-api-key': 'tsk_app_key_0002' },
  body: JSON.stringify(${JSON.stringify([trackEvent('signed_up'), trackEvent('checkout_completed')])}),
})
console.log('unchanged app: got', res.status)
`,
    )
    const { code, output } = await runVerify([
      '--expect',
      p.file('expected.json'),
      '--timeout',
      '2',
      '--',
      process.execPath,
      p.file('unchanged-app.mjs'),
    ])
    expect(output).toContain('unchanged app: got 200')
    expect(output).toContain('Expectations (2 of 2 met)')
    expect(code).toBe(0)
  })

  it('fails with what came closest when a property is wrong, and the JUnit says which', async () => {
    const p = project([
      trackEvent('signed_up', { properties: { plan: 'free' } }),
      trackEvent('checkout_completed'),
    ])
    const { code, output } = await runVerify([
      '--expect',
      p.file('expected.json'),
      '--junit',
      p.file('out.xml'),
      '--timeout',
      '0.3',
      '--',
      process.execPath,
      p.file('app.mjs'),
    ])
    expect(code).toBe(1)
    expect(output).toContain('✗ signed_up where properties.plan = "pro"')
    expect(output).toContain('closest: event #1: properties.plan is "free", expected "pro"')
    expect(output).toContain('FAILED')
    const failures = findAll(parseXml(readFileSync(p.file('out.xml'), 'utf8')), 'failure')
    expect(failures).toHaveLength(1)
  })

  it('fails on calls the plan or the API rejects, and when the command itself fails', async () => {
    const offPlan = project([
      trackEvent('signed_up', { properties: { plan: 'enterprise' } }),
      trackEvent('checkout_completed'),
    ])
    writeFileSync(offPlan.file('expected.json'), JSON.stringify([{ eventName: 'signed_up' }]))
    const invalid = await runVerify([
      '--expect',
      offPlan.file('expected.json'),
      '--plan',
      offPlan.file('plan.csv'),
      '--timeout',
      '1',
      '--',
      process.execPath,
      offPlan.file('app.mjs'),
    ])
    expect(invalid.code).toBe(1)
    expect(invalid.output).toContain('Expectations (1 of 1 met)')
    expect(invalid.output).toMatch(/1 invalid \(plan\.allowed: /)

    const p = project([trackEvent('signed_up'), trackEvent('checkout_completed')])
    writeFileSync(p.file('fail.mjs'), `${readFileSync(p.file('app.mjs'), 'utf8')}\nprocess.exit(3)\n`)
    const failing = await runVerify([
      '--expect',
      p.file('expected.json'),
      '--',
      process.execPath,
      p.file('fail.mjs'),
    ])
    expect(failing.output).toContain('The command exited with 3.')
    expect(failing.code).toBe(1)
  })

  it('answers a usage error with 2: no command, no expectations, a bad file', async () => {
    const p = project([])
    expect(() => parseVerifyArgs(['--expect', p.file('expected.json')])).toThrow(VerifyUsageError)
    expect(() => parseVerifyArgs(['--', 'true'])).toThrow(/--expect <file> is required/)
    writeFileSync(p.file('bad.json'), '[{"eventName": 42}]')
    expect(() => parseVerifyArgs(['--expect', p.file('bad.json'), '--', 'true'])).toThrow(/eventName/)
    expect(() => parseVerifyArgs(['--expect', p.file('missing.json'), '--', 'true'])).toThrow(/ENOENT/)
    const stderr = process.stderr.write
    process.stderr.write = (() => true) as typeof process.stderr.write
    try {
      expect(await main(['verify', '--expect', p.file('expected.json')])).toBe(2)
      expect(
        await main(['verify', '--timeout', 'soon', '--expect', p.file('expected.json'), '--', 'true']),
      ).toBe(2)
    } finally {
      process.stderr.write = stderr
    }
  })
})
