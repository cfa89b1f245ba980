// The load generator for part 1 (and part 3's live traffic). `wrk` (C, one thread) when it is
// installed: on a 2-core machine autocannon (Node) takes most of a core itself and so competes
// with the server under test. autocannon is the fallback. Both give the same result shape:
// { requests: { average }, latency: { p50, p99 }, '2xx', non2xx, errors } (latency in ms).
import autocannon from 'autocannon'
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const WRK = ['/usr/bin/wrk', '/usr/local/bin/wrk'].find((p) => existsSync(p)) ?? null
const CONNECTIONS = 32

export const loadTool = WRK ? `wrk (${WRK}, 1 thread)` : 'autocannon'

function autocannonLoad(url, seconds, { headers, body }) {
  return new Promise((resolve, reject) => {
    autocannon(
      { url, method: 'POST', headers, body, connections: CONNECTIONS, pipelining: 1, duration: seconds },
      (err, result) => (err ? reject(err) : resolve(result)),
    )
  })
}

/** wrk prints latency as "1.23ms", "456.00us" or "1.02s". */
function ms(text) {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(text.trim())
  if (!m) throw new Error(`unexpected wrk latency "${text}"`)
  const n = Number(m[1])
  return m[2] === 'us' ? n / 1000 : m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : n * 60_000
}

function wrkLoad(url, seconds, { headers, body }) {
  const dir = mkdtempSync(join(tmpdir(), 'td-bench-wrk-'))
  const script = join(dir, 'post.lua')
  const lines = [
    'wrk.method = "POST"',
    `wrk.body = ${JSON.stringify(body)}`,
    ...Object.entries(headers).map(([k, v]) => `wrk.headers[${JSON.stringify(k)}] = ${JSON.stringify(v)}`),
  ]
  writeFileSync(script, lines.join('\n') + '\n')
  const args = ['-t1', `-c${CONNECTIONS}`, `-d${seconds}s`, '--latency', '-s', script, url]
  return new Promise((resolve, reject) => {
    const child = spawn(WRK, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (out += d))
    child.on('error', reject)
    child.on('exit', (code) => {
      rmSync(dir, { recursive: true, force: true })
      if (code !== 0) return reject(new Error(`wrk exited ${code}:\n${out}`))
      try {
        const total = Number(/(\d+) requests in/.exec(out)[1])
        const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0)
        const errs = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out)
        const errors = errs ? errs.slice(1).reduce((a, b) => a + Number(b), 0) : 0
        resolve({
          requests: { average: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)[1]) },
          latency: { p50: ms(/ 50%\s+(\S+)/.exec(out)[1]), p99: ms(/ 99%\s+(\S+)/.exec(out)[1]) },
          '2xx': total - non2xx,
          non2xx,
          errors,
        })
      } catch (error) {
        reject(new Error(`could not read wrk's output (${error.message}):\n${out}`))
      }
    })
  })
}

/** POST `body` to `url` from 32 keep-alive connections for `seconds`. */
export function load(url, seconds, request) {
  return WRK ? wrkLoad(url, seconds, request) : autocannonLoad(url, seconds, request)
}
