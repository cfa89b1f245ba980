/**
 * The capture proxy over real sockets: a Node script started with
 * `track-debugger run --` (no change to the script, no trust store touched)
 * calls the real Track host name; the proxy decrypts it with a leaf from the
 * local CA and the capture pipeline logs and answers it. In forward mode the
 * call goes on to the host the client meant (a local HTTPS server standing
 * in for it through a resolver override). Other hosts are tunnelled blind,
 * a direct request to the port gets 400, and a client that does not trust
 * the CA is counted, not captured.
 */
import { spawn } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { createServer as createHttpServer, request as httpRequest } from 'node:http'
import { tmpdir } from 'node:os'
import { connect, createServer, type AddressInfo, type Server } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createEngine, type TrackEngine } from '../../src/main/engine/engine'
import { normalizeExpectations } from '../../src/main/engine/sessions/expectations'
import { CA_CERT_FILE, CA_KEY_FILE } from '../../src/main/engine/proxy/certificate-authority'
import type { SendOptions } from '../../src/main/engine/send/send-options'
import { cleanup, tempDir } from '../helpers/temp-dir'
import { trackEvent } from '../helpers/track-event'
import { startHttpsUpstream } from '../helpers/upstream'

const root = join(import.meta.dirname, '../..')
const bin = join(root, 'bin/track-debugger.js')
const TRACK_HOST = 'api.app.thrivestack.ai'

let engine: TrackEngine | null = null
const dirs: string[] = []
const closers: (() => Promise<unknown> | void)[] = []
afterEach(async () => {
  await engine?.close()
  engine = null
  for (const close of closers.splice(0)) await close()
  for (const d of dirs.splice(0)) cleanup(d)
})

async function start(
  send: SendOptions = {},
): Promise<{ engine: TrackEngine; dataDir: string; proxyPort: number }> {
  const dataDir = tempDir('td-proxy-')
  dirs.push(dataDir)
  engine = createEngine({ dataDir, capturePort: 0, proxyPort: 0, version: 'test', transport: 'http', send })
  await engine.start()
  const status = await engine.call('proxy.status', {})
  expect(status.error).toBeNull()
  return { engine, dataDir, proxyPort: status.port as number }
}

/** A script that posts one Track event to `url` and prints the answer as JSON. */
function poster(url: string): string {
  return `
    const res = await fetch(${JSON.stringify(url)}, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'tsk_app_own_key_1234' },
      body: JSON.stringify([${JSON.stringify(trackEvent('proxied_signup'))}]),
    }).catch((e) => ({ status: 0, text: async () => String(e.cause?.code ?? e.message) }))
    console.log(JSON.stringify({ status: res.status, body: await res.text() }))`
}

function runNode(
  args: string[],
  script: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    // With `run` arguments, `run` starts node; without, node runs the script itself.
    const node = ['--input-type=module', '-e', script]
    const child = spawn(process.execPath, args.length > 0 ? [...args, process.execPath, ...node] : node, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.on('close', (code) => resolve({ code, out, err }))
  })
}

const throughRun = (dataDir: string, proxyPort: number, script: string) =>
  runNode([bin, 'run', '--proxy-port', String(proxyPort), '--data-dir', dataDir, '--'], script)

describe('the capture proxy', () => {
  it('captures a Node script run with `track-debugger run --`, answering it as the capture port would', async () => {
    const { engine, dataDir, proxyPort } = await start()
    const { code, out, err } = await throughRun(dataDir, proxyPort, poster(`https://${TRACK_HOST}/api/track`))
    expect(err).toBe('')
    expect(code).toBe(0)
    const answer = JSON.parse(out) as { status: number; body: string }
    expect(answer.status).toBe(200)
    expect(JSON.parse(answer.body)).toMatchObject({ success: true })

    const page = await engine.call('events.list', {})
    expect(page.items.map((e) => [e.eventName, e.origin])).toEqual([['proxied_signup', 'proxied']])
    const detail = await engine.call('events.get', { id: page.items[0]!.id })
    expect(detail?.request.path).toBe('/api/track')
    expect(detail?.request.headers.find(([n]) => n.toLowerCase() === 'host')?.[1]).toBe(TRACK_HOST)
    // The app's own key is logged masked, like any captured call.
    expect(JSON.stringify(detail?.request.headers)).not.toContain('tsk_app_own_key_1234')

    const status = await engine.call('proxy.status', {})
    expect(status.hosts.find((h) => h.host === TRACK_HOST)).toMatchObject({ intercepted: 1, tunnelled: 0 })
    // The CA is the data folder's own, private, and what the script trusted for this run only.
    expect(status.ca?.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/)
    expect(statSync(join(dataDir, CA_KEY_FILE)).mode & 0o777).toBe(0o600)
    expect(statSync(join(dataDir, CA_CERT_FILE)).mode & 0o777).toBe(0o600)
  })

  it('in forward mode sends a decrypted call on to the host the client meant, with its own headers only', async () => {
    const upstream = await startHttpsUpstream()
    closers.push(() => upstream.server.stop())
    await upstream.server
      .forPost('/api/track')
      .thenReply(200, '{"success":true,"response_id":"from-real-host"}')
    const { engine, dataDir, proxyPort } = await start({
      trustedCa: [upstream.caCert],
      resolve: async (host) => (host === TRACK_HOST ? ['127.0.0.1'] : []),
    })
    const env = await engine.call('environments.save', {
      name: 'Elsewhere',
      baseUrl: 'https://elsewhere.example/api',
      variables: {},
    })
    await engine.call('environments.setCredentials', { id: env.id, apiKey: 'tsk_stored_key_never_sent' })
    await engine.call('capture.setMode', { mode: 'forward', upstreamEnvironmentId: env.id })

    const url = `https://${TRACK_HOST}:${upstream.server.port}/api/track`
    const { out } = await throughRun(dataDir, proxyPort, poster(url))
    const answer = JSON.parse(out) as { status: number; body: string }
    expect(answer.status).toBe(200)
    expect(JSON.parse(answer.body)).toMatchObject({ response_id: 'from-real-host' })

    const seen = await (await upstream.server.getMockedEndpoints())[0]!.getSeenRequests()
    expect(seen).toHaveLength(1)
    expect(seen[0]!.headers['x-api-key']).toBe('tsk_app_own_key_1234')
    expect(seen[0]!.headers['host']).toBe(`${TRACK_HOST}:${upstream.server.port}`)
    const [row] = (await engine.call('events.list', {})).items
    expect(row?.origin).toBe('proxied')
    const exchange = await engine.call('send.exchange', { requestId: row!.requestId })
    expect(exchange?.url).toBe(url)

    // Another path on the Track host is not a Track call: it reaches the host as it was, unlogged.
    await upstream.server.forGet('/api/health').thenReply(200, 'healthy')
    const health = await throughRun(
      dataDir,
      proxyPort,
      `const res = await fetch('https://${TRACK_HOST}:${upstream.server.port}/api/health?x=1')
       console.log(JSON.stringify({ status: res.status, body: await res.text() }))`,
    )
    expect(JSON.parse(health.out)).toEqual({ status: 200, body: 'healthy' })
    expect((await engine.call('log.stats', {})).requests).toBe(1)
  })

  it('tunnels other hosts unread, refuses requests sent to it directly, and counts clients that distrust the CA', async () => {
    const { engine, proxyPort } = await start()
    const echo: Server = createServer((s) => s.pipe(s))
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r))
    closers.push(() => new Promise<void>((r) => echo.close(() => r())))
    const echoPort = (echo.address() as AddressInfo).port

    const reply = await new Promise<string>((resolve, reject) => {
      const s = connect(proxyPort, '127.0.0.1', () =>
        s.write(`CONNECT 127.0.0.1:${echoPort} HTTP/1.1\r\n\r\n`),
      )
      let got = ''
      s.on('data', (d: Buffer) => {
        got += d.toString()
        if (got.includes('\r\n\r\n') && !got.includes('ping')) s.write('ping')
        if (got.endsWith('ping')) {
          s.destroy()
          resolve(got)
        }
      })
      s.on('error', reject)
    })
    expect(reply).toMatch(/^HTTP\/1\.1 200 Connection Established\r\n/)
    expect(reply.endsWith('ping')).toBe(true)

    // Plain HTTP in absolute form: a Track host's call is captured, any other is relayed as is.
    const viaProxy = (url: string, body?: string) =>
      new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port: proxyPort,
            method: body ? 'POST' : 'GET',
            path: url,
            headers: body ? { 'content-type': 'application/json' } : {},
          },
          (res) => {
            let text = ''
            res.on('data', (d: Buffer) => (text += d.toString()))
            res.on('end', () => resolve({ status: res.statusCode ?? 0, text }))
          },
        )
        req.on('error', reject)
        req.end(body)
      })
    const plainTrack = await viaProxy(
      `http://${TRACK_HOST}/api/track`,
      JSON.stringify([trackEvent('plain_http')]),
    )
    expect(plainTrack.status).toBe(200)
    const other = createHttpServer((_req, res) => res.end('from the other host'))
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r))
    closers.push(() => new Promise<void>((r) => other.close(() => r())))
    const relayed = await viaProxy(`http://127.0.0.1:${(other.address() as AddressInfo).port}/anything`)
    expect(relayed).toEqual({ status: 200, text: 'from the other host' })

    const direct = await fetch(`http://127.0.0.1:${proxyPort}/api/track`, { method: 'POST', body: '[]' })
    expect(direct.status).toBe(400)
    expect(direct.headers.get('access-control-allow-origin')).toBeNull()
    expect(await direct.text()).toMatch(/proxy port/)

    // No CA given to this client: its TLS handshake fails, and nothing is captured.
    const distrust = await runNode([], poster(`https://${TRACK_HOST}/api/track`), {
      NODE_USE_ENV_PROXY: '1',
      HTTPS_PROXY: `http://127.0.0.1:${proxyPort}`,
    })
    expect(JSON.parse(distrust.out)).toMatchObject({ status: 0 })

    // Only the plain Track call was captured: tunnels, relays and refused handshakes leave no row.
    expect((await engine.call('events.list', {})).items.map((e) => [e.eventName, e.origin])).toEqual([
      ['plain_http', 'proxied'],
    ])
    // The proxy learns of the refusal when the client's socket closes, just after the client exits.
    let status = await engine.call('proxy.status', {})
    for (
      let i = 0;
      i < 60 && !status.hosts.some((h) => h.host === TRACK_HOST && h.refusedCertificate > 0);
      i++
    ) {
      await new Promise((r) => setTimeout(r, 50))
      status = await engine.call('proxy.status', {})
    }
    expect(status.hosts.find((h) => h.host === '127.0.0.1')).toMatchObject({ tunnelled: 2, intercepted: 0 })
    // The plain call was the one captured; the refused handshake added none.
    expect(status.hosts.find((h) => h.host === TRACK_HOST)).toMatchObject({ intercepted: 1 })
    expect(status.hosts.find((h) => h.host === TRACK_HOST)?.refusedCertificate).toBeGreaterThanOrEqual(1)
  })

  it('a new CA replaces the old one; `run` says plainly when no debugger is listening', async () => {
    const { engine, dataDir } = await start()
    const before = (await engine.call('proxy.status', {})).ca?.fingerprint256
    const after = (await engine.call('proxy.regenerateCa', {})).ca?.fingerprint256
    expect(after).toBeDefined()
    expect(after).not.toBe(before)
    const hosts = await engine.call('proxy.setTrackHosts', {
      hosts: ['*.thrivestack.ai', 'Track.Example.com'],
    })
    expect(hosts.trackHosts).toEqual(['*.thrivestack.ai', 'track.example.com'])
    await expect(engine.call('proxy.setTrackHosts', { hosts: ['http://x'] })).rejects.toThrow(/host such as/)

    await engine.close()
    const { code, err } = await throughRun(dataDir, 1, 'console.log(1)')
    expect(code).toBe(2)
    expect(err).toMatch(/No capture proxy is listening on 127\.0\.0\.1:1\./)
  })
})

describe('the pre-configured browser', () => {
  it('captures an unmodified page calling the real Track host, with no setting of the machine changed', async () => {
    const { engine } = await start()
    const browsers = await engine.call('proxy.browsers', {})
    expect(browsers.map((b) => b.id)).toEqual(['chrome', 'chromium', 'edge', 'brave', 'playwright'])
    for (const b of browsers) expect(b.path === null).toBe(b.missing !== null)
    const chromium = browsers.find((b) => b.id === 'chromium')
    if (!chromium?.path)
      throw new Error(`This test needs Chromium (apt-get install chromium): ${chromium?.missing}`)

    // The page as a site would ship it: its tracking posts to the SDK's default host, nothing else.
    const page = createHttpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' })
      res.end(`<!doctype html><script>
        fetch('https://azure.dev.app.thrivestack.ai/api/track', { method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': 'pk_page' },
          body: JSON.stringify([${JSON.stringify(trackEvent('page_from_browser'))}]) })
      </script>`)
    })
    await new Promise<void>((r) => page.listen(0, '127.0.0.1', r))
    closers.push(() => {
      page.closeAllConnections()
      return new Promise<void>((r) => page.close(() => r()))
    })
    const url = `http://127.0.0.1:${(page.address() as AddressInfo).port}/`

    const waiting = engine.internals.waiter.wait(
      normalizeExpectations([{ eventName: 'page_from_browser' }])[0]!,
      {},
      30_000,
    )
    const profiles = () => readdirSync(tmpdir()).filter((d) => d.startsWith('track-debugger-browser-'))
    const before = new Set(profiles())
    const opened = await engine.call('proxy.openBrowser', { browserId: 'chromium', url, headless: true })
    expect(opened.browser).toBe('Chromium')
    const outcome = await waiting
    expect(outcome.message).toMatch(/1 matching event/)
    const [row] = (await engine.call('events.list', {})).items
    expect(row).toMatchObject({ eventName: 'page_from_browser', origin: 'proxied' })
    const detail = await engine.call('events.get', { id: row!.id })
    expect(detail?.request.headers.find(([n]) => n.toLowerCase() === 'host')?.[1]).toBe(
      'azure.dev.app.thrivestack.ai',
    )
    const status = await engine.call('proxy.status', {})
    expect(
      status.hosts.find((h) => h.host === 'azure.dev.app.thrivestack.ai')?.intercepted,
    ).toBeGreaterThanOrEqual(1)

    // Closing the debugger closes the browser and deletes its temporary profile.
    const ours = profiles().filter((d) => !before.has(d))
    expect(ours).toHaveLength(1)
    await engine.close()
    expect(profiles().filter((d) => ours.includes(d))).toEqual([])
  }, 60_000)
})
