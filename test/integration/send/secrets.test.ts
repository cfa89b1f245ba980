/**
 * A known secret goes in through every door (stored credentials, the
 * headless environment variables, an app's own headers, forward mode, an
 * upstream that echoes it back, resend, compose, batch, fault mode), and
 * then the database file and its WAL, every other file in the data folder,
 * every export, every API result and push the UI could see, and the
 * process's output are searched for it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { cleanup, trackEvent, type TestEngine } from '../../helpers/engine'
import { startHttpUpstream, startSendEngine, type Upstream } from '../../helpers/upstream'

const SECRETS = {
  stored: 'tsk_SECRET_stored_key_7f3a9c',
  storedBearer: 'SECRET_stored_bearer_b81e4d',
  variable: 'tsk_SECRET_from_env_var_5d2e',
  variableBearer: 'SECRET_env_bearer_token_c4a1',
  appKey: 'tsk_SECRET_app_own_key_9e7b',
  appBearer: 'SECRET_app_bearer_token_0f6c',
  appKeyHeader: 'SECRET_app_KEY_header_a3d8',
}
const ALL = Object.values(SECRETS)

let up: Upstream | null = null
let t: TestEngine | null = null
afterEach(async () => {
  await t?.stop()
  await up?.close()
  if (t) cleanup(t.dataDir)
})

function leaks(haystack: string | Buffer): string[] {
  const text = typeof haystack === 'string' ? haystack : haystack.toString('latin1')
  return ALL.filter((s) => text.includes(s))
}

it('no secret reaches the log, its WAL, exports, API results, pushes or output', async () => {
  const written: string[] = []
  const out = process.stdout.write.bind(process.stdout)
  const err = process.stderr.write.bind(process.stderr)
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    written.push(String(chunk))
    return out(chunk, ...rest)
  }) as typeof process.stdout.write
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    written.push(String(chunk))
    return err(chunk, ...rest)
  }) as typeof process.stderr.write
  try {
    up = await startHttpUpstream()
    // The upstream echoes every header it got, in its body and in a header of its own.
    up.behave((req, res) => {
      const echo = JSON.stringify(req.headers)
      res.writeHead(200, {
        'content-type': 'application/json',
        'x-echo': echo.slice(0, 4000),
        'set-cookie': `s=${SECRETS.appKey}`,
      })
      res.end(JSON.stringify({ success: true, echo }))
    })
    t = await startSendEngine({
      variableCredentials: { apiKey: SECRETS.variable, bearerToken: SECRETS.variableBearer },
    })
    const e = t.engine
    const results: unknown[] = []
    const pushes: unknown[] = []
    e.subscribe((name, payload) => pushes.push({ name, payload }))
    const call = async <T>(p: Promise<T>): Promise<T> => {
      const r = await p
      results.push(r)
      return r
    }

    const env = await call(
      e.call('environments.save', { name: 'Echo', baseUrl: up.baseUrl, variables: { user_id: 'u1' } }),
    )
    await call(
      e.call('environments.setCredentials', {
        id: env.id,
        apiKey: SECRETS.stored,
        bearerToken: SECRETS.storedBearer,
      }),
    )
    await call(e.call('environments.list', {}))

    const appHeaders = {
      'content-type': 'application/json',
      'x-api-key': SECRETS.appKey,
      authorization: `Bearer ${SECRETS.appBearer}`,
      key: SECRETS.appKeyHeader,
    }
    const body = JSON.stringify([trackEvent('signed_up'), trackEvent('plan_selected')])
    // Capture mode.
    await fetch(`${t.captureUrl}/track`, { method: 'POST', headers: appHeaders, body })
    // Forward mode: the app's own credentials go upstream and are echoed back.
    await call(e.call('capture.setMode', { mode: 'forward', upstreamEnvironmentId: env.id }))
    const forwarded = await fetch(`${t.captureUrl}/track`, { method: 'POST', headers: appHeaders, body })
    expect(forwarded.status).toBe(200)
    // Forward with no app key: the stored key is added, echoed back.
    await fetch(`${t.captureUrl}/track`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    })
    // Development has no stored key, so the environment variables stand in.
    await call(
      e
        .call('environments.save', { id: 'development', name: 'Development', baseUrl: 'x', variables: {} })
        .catch(() => null),
    )
    // Fault mode.
    await call(e.call('capture.setMode', { mode: 'fault', fault: { action: 'status', status: 401 } }))
    await fetch(`${t.captureUrl}/track`, { method: 'POST', headers: appHeaders, body })
    await call(e.call('capture.setMode', { mode: 'capture' }))

    // Resend, compose, batch.
    const page = await call(e.call('events.list', { limit: 1000 }))
    const first = page.items[page.items.length - 1]!
    const sent = await call(
      e.call('send.request', {
        environmentId: env.id,
        callType: 'track',
        body,
        origin: 'resend',
        parentRequestId: first.requestId,
      }),
    )
    await call(
      e.call('send.request', {
        environmentId: env.id,
        callType: 'track',
        body: '[{"user_id":"{{user_id}}"}]',
        origin: 'composed',
      }),
    )
    await call(
      e.call('send.batch', {
        environmentId: env.id,
        eventIds: page.items.slice(0, 3).map((r) => r.id),
        grouping: 'batch',
      }),
    )
    expect(up.arrived.some((a) => a.rawHeaders.some(([, v]) => v === SECRETS.stored))).toBe(true)
    expect(up.arrived.some((a) => a.rawHeaders.some(([, v]) => v === SECRETS.appKey))).toBe(true)
    expect(sent.exchange.status).toBe(200)

    // Everything the UI could read back.
    const all = await call(e.call('events.list', { limit: 1000, includeProtocol: true }))
    for (const row of all.items) {
      await call(e.call('events.get', { id: row.id }))
      await call(e.call('requests.get', { id: row.requestId }))
      await call(e.call('send.exchange', { requestId: row.requestId }))
      await call(e.call('send.related', { requestId: row.requestId }))
      if (row.callType === 'track') {
        await call(e.call('send.copyAs', { requestId: row.requestId, format: 'curl', environmentId: env.id }))
        for (const format of ['fetch', 'node', 'browser'] as const)
          await call(
            e.call('send.copyAs', { requestId: row.requestId, format, environmentId: 'development' }),
          )
      }
    }
    await call(e.call('capture.getMode', {}))
    await call(e.call('send.vocabulary', {}))
    const exports: string[] = []
    for (const format of ['ndjson', 'json', 'csv', 'har'] as const) {
      const r = await call(
        e.call('transfer.export', { scope: { kind: 'filter', query: { includeProtocol: true } }, format }),
      )
      exports.push(readFileSync(r.path, 'utf8'))
    }
    expect(exports.join('').length).toBeGreaterThan(1000)
    expect(JSON.stringify(results)).toContain('••••')

    // The database and its write-ahead log, while the engine is still running.
    const dbPath = e.databasePath
    const db = readFileSync(dbPath)
    const wal = readFileSync(`${dbPath}-wal`)
    expect(wal.length).toBeGreaterThan(0)
    expect(leaks(db)).toEqual([])
    expect(leaks(wal)).toEqual([])
    expect(leaks(JSON.stringify(results))).toEqual([])
    expect(leaks(JSON.stringify(pushes))).toEqual([])
    exports.forEach((x) => expect(leaks(x)).toEqual([]))

    // Only the credentials file holds the stored ones, and only its owner can read it.
    const credentialsPath = join(t.dataDir, 'credentials.json')
    expect(statSync(credentialsPath).mode & 0o777).toBe(0o600)
    expect(leaks(readFileSync(credentialsPath))).toEqual([SECRETS.stored, SECRETS.storedBearer])
    for (const name of readdirSync(t.dataDir, { recursive: true }) as string[]) {
      const p = join(t.dataDir, name)
      if (p === credentialsPath || !statSync(p).isFile()) continue
      expect({ file: name, leaks: leaks(readFileSync(p)) }).toEqual({ file: name, leaks: [] })
    }

    // A reveal is the one way to get a secret back, and only when asked.
    const revealed = await e.call('send.copyAs', {
      requestId: first.requestId,
      format: 'curl',
      environmentId: env.id,
      revealSecrets: true,
    })
    expect(revealed.text).toContain(SECRETS.stored)

    await t.stop()
    const closed = readFileSync(dbPath)
    expect(leaks(closed)).toEqual([])
  } finally {
    process.stdout.write = out
    process.stderr.write = err
  }
  expect(leaks(written.join(''))).toEqual([])
})
