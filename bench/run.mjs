// `npm run bench`: capture throughput against three reference servers (bare node:http, mockttp,
// a Fastify route), query latency on a million-event log, and the UI on that log. Loopback only,
// bounded in time; never part of `npm test`. Needs the app built (`npm run bench` builds it first).
//
// Environment: BENCH_SECONDS (load per server, default 10), BENCH_EVENTS (seeded log size,
// default 1000000), BENCH_WORK_EVENTS (log size for part 4, default 200000), BENCH_WORK_JOBS (which
// part-4 jobs: import, export, revalidate, report, retention; default all),
// BENCH_PARTS (e.g. "1,2"; default all: 1 to 5), BENCH_PROFILE=1 (write a
// --cpu-prof profile of the capture server, parts 1 and 4, to out/bench/profiles), BENCH_KEEP=1 (keep the
// seeded data directory and print its path).
import Database from 'better-sqlite3'
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { format } from 'prettier'
import { build } from 'rolldown'
import { load as loadWith, loadTool } from './load.mjs'
import { measureLongWork } from './long-work.mjs'
import { startUi, measureUi } from './ui-bench.mjs'
import { cpuMicros, rssBytes } from './process-stats.mjs'
import { ratioRow, row, table, verdict } from './report.mjs'

const root = join(import.meta.dirname, '..')
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000)
const PARTS = new Set((process.env.BENCH_PARTS ?? '1,2,3,4,5').split(',').map((s) => s.trim()))
const WORK_EVENTS = Number(process.env.BENCH_WORK_EVENTS ?? 200_000)
const PROFILE = process.env.BENCH_PROFILE === '1'
const outDir = join(root, 'out', 'bench')
mkdirSync(outDir, { recursive: true })

if (!existsSync(join(root, 'out', 'main', 'cli.js'))) {
  console.error('The app is not built. Run `npm run bench` (it builds first) or `npx electron-vite build`.')
  process.exit(1)
}

/** An SDK-shaped single-event /track body, as the browser SDK sends it (no spaces). */
const BODY = JSON.stringify([
  {
    event_name: 'page_visit',
    properties: {
      page_title: 'Pricing — Example',
      page_url: 'https://app.example.com/pricing',
      page_path: '/pricing',
      page_referrer: 'https://www.google.com/',
      language: 'en-US',
      utm_source: null,
      utm_medium: null,
      utm_campaign: null,
    },
    user_id: 'user_123',
    context: {
      group_id: 'acct_9',
      device_id: 'd_5f2c',
      session_id: 'session_k3j9x2a1b7q',
      source: 'product',
    },
    timestamp: new Date().toISOString(),
  },
])
const HEADERS = { 'content-type': 'application/json', 'x-api-key': 'bench-key-0000' }

function spawnReady(args, pattern, env = {}) {
  const child = spawn(process.execPath, args, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  })
  let out = ''
  child.stdout.on('data', (d) => (out += d))
  child.stderr.on('data', (d) => (out += d))
  const exited = new Promise((done) => child.on('exit', (code, signal) => done(signal ?? code)))
  return new Promise((resolve, reject) => {
    const started = Date.now()
    const poll = setInterval(() => {
      const m = pattern.exec(out)
      if (m) {
        clearInterval(poll)
        resolve({ child, match: m, output: () => out, exited })
      } else if (child.exitCode !== null || Date.now() - started > 20_000) {
        clearInterval(poll)
        reject(new Error(`server did not start:\n${out}`))
      }
    }, 25)
  })
}

async function stop(server) {
  if (server.child.exitCode === null) server.child.kill('SIGTERM')
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 15_000)
  await server.exited
  clearTimeout(timer)
}

function load(url, seconds) {
  return loadWith(url, seconds, { headers: HEADERS, body: BODY })
}

/**
 * Warm up briefly, then measure. Returns the measured run, the 2xx count of both, and what the
 * server process spent: CPU µs per answered request in the measured run, and its RSS after it.
 */
async function drive(url, pid) {
  const warm = await load(url, 2)
  const cpuBefore = cpuMicros(pid)
  const run = await load(url, SECONDS)
  const cpuAfter = cpuMicros(pid)
  const answered = run['2xx'] + run.non2xx
  return {
    run,
    ok: warm['2xx'] + run['2xx'],
    non2xx: warm.non2xx + run.non2xx + run.errors + warm.errors,
    cpuUsPerRequest:
      cpuBefore === null || cpuAfter === null || answered === 0 ? null : (cpuAfter - cpuBefore) / answered,
    rss: rssBytes(pid),
  }
}

/** Part 1 (bare, capture) runs each this many times, alternating, so the machine's load falls on both alike. */
const ROUNDS = 2
/**
 * Part 5 (the two writer placements), one after the other: twice each took the benchmark past its
 * five minutes once the seed packed its log, and the placement has been decided by many runs
 * (docs/performance.md).
 */
const PLACEMENT_ROUNDS = 1

/** Starts a reference server (a script that prints `READY <port>`), drives it, and stops it. */
async function driveScript(args) {
  const server = await spawnReady(args, /READY (\d+)/)
  const d = await drive(`http://127.0.0.1:${server.match[1]}/api/track`, server.child.pid)
  await stop(server)
  return d
}

/**
 * A memory-backed folder (Linux's /dev/shm), where a write never waits for the disk: a capture run
 * with its log there tells the engine's own stalls from the disk's. Null where there is none.
 */
const MEMORY_DIR = process.platform === 'linux' && existsSync('/dev/shm') ? '/dev/shm' : null

/** The built CLI's capture port on a fresh log; `missing`: calls answered 2xx that are not in the log. */
async function driveCapture(profileDir, baseDir = tmpdir()) {
  const dataDir = mkdtempSync(join(baseDir, 'td-bench-capture-'))
  const nodeArgs = PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []
  const capture = await spawnReady(
    [
      ...nodeArgs,
      join(root, 'bin', 'track-debugger.js'),
      'serve',
      '--capture-port',
      '0',
      '--ui-port',
      '0',
      '--proxy-port',
      '0',
      '--data-dir',
      dataDir,
    ],
    /Capture:\s+(\S+)/,
  )
  const d = await drive(`${capture.match[1]}/track`, capture.child.pid)
  await stop(capture)
  const db = new Database(join(dataDir, 'track-debugger.db'), { readonly: true })
  const logged = db
    .prepare("SELECT count(*) FROM requests WHERE path = '/api/track' AND response_status = 200")
    .pluck()
    .get()
  db.close()
  rmSync(dataDir, { recursive: true, force: true })
  return { ...d, missing: Math.max(0, d.ok - logged) }
}

/** Several runs of one server as one: means of rate, latency and CPU, the largest RSS, summed counts. */
function combine(runs) {
  const mean = (f) => runs.reduce((n, x) => n + f(x), 0) / runs.length
  const cpu = runs.every((x) => x.cpuUsPerRequest !== null) ? mean((x) => x.cpuUsPerRequest) : null
  const rss = runs.every((x) => x.rss !== null) ? Math.max(...runs.map((x) => x.rss)) : null
  return {
    run: {
      requests: { average: mean((x) => x.run.requests.average) },
      latency: { p50: mean((x) => x.run.latency.p50), p99: mean((x) => x.run.latency.p99) },
    },
    ok: runs.reduce((n, x) => n + x.ok, 0),
    non2xx: runs.reduce((n, x) => n + x.non2xx, 0),
    cpuUsPerRequest: cpu,
    rss,
  }
}

function figures(d) {
  return {
    requestsPerSecond: Math.round(d.run.requests.average),
    p50Ms: Math.round(d.run.latency.p50 * 100) / 100,
    p99Ms: Math.round(d.run.latency.p99 * 100) / 100,
    cpuUsPerRequest: d.cpuUsPerRequest === null ? null : Math.round(d.cpuUsPerRequest * 10) / 10,
    rssMB: d.rss === null ? null : Math.round(d.rss / 1048576),
  }
}

async function part1() {
  console.log(
    `\n## Part 1 — capture throughput (${loadTool}, 32 connections, ${SECONDS} s each, loopback; ` +
      `bare and capture ${ROUNDS} times each, alternating, figures are the means)\n`,
  )
  const profileDir = join(outDir, 'profiles')
  const bareRuns = []
  const captureRuns = []
  for (let round = 0; round < ROUNDS; round++) {
    bareRuns.push(await driveScript([join(import.meta.dirname, 'bare-server.mjs')]))
    captureRuns.push(await driveCapture(profileDir))
  }
  const a = combine(bareRuns)
  const b = combine(captureRuns)
  const m = MEMORY_DIR === null ? null : await driveCapture(profileDir, MEMORY_DIR)

  const c = await driveScript([join(import.meta.dirname, 'mockttp-server.mjs')])
  const d = await driveScript([join(import.meta.dirname, 'fastify-server.mjs')])

  const rps = (x) => x.run.requests.average
  table(
    ['server', 'req/s', 'p50 ms', 'p99 ms', 'CPU µs/req', 'RSS', '2xx', 'other'],
    [
      row('(a) bare node:http', a),
      row('(b) Track Debugger', b),
      ...(m === null ? [] : [row(`(b) log in ${MEMORY_DIR}`, m)]),
      row('(c) mockttp', c),
      row('(d) Fastify route', d),
    ],
  )
  const missing = [...captureRuns, ...(m === null ? [] : [m])].reduce((n, x) => n + x.missing, 0)
  results.capture = {
    tool: loadTool,
    seconds: SECONDS,
    rounds: ROUNDS,
    servers: {
      bare: { ...figures(a), runs: bareRuns.map(figures) },
      trackDebugger: { ...figures(b), runs: captureRuns.map(figures) },
      ...(m === null ? {} : { trackDebuggerLogInMemory: figures(m) }),
      mockttp: figures(c),
      fastify: figures(d),
    },
    lostAfterAnswer: missing,
  }
  console.log('')
  ratioRow('b/a throughput (goal 0.8)', rps(b) / rps(a), 0.6, '≥')
  ratioRow('b/c throughput', rps(b) / rps(c), 3, '≥')
  if (a.cpuUsPerRequest !== null && b.cpuUsPerRequest !== null) {
    ratioRow('b/a CPU per request', b.cpuUsPerRequest / a.cpuUsPerRequest, 2.5, '≤')
    const byRound = bareRuns.map(
      (x, i) => `${(captureRuns[i].cpuUsPerRequest / x.cpuUsPerRequest).toFixed(2)}×`,
    )
    console.log(`  b/a CPU per request, round by round: ${byRound.join(', ')}`)
  }
  // For scale, no target: what a framework route that only answers costs next to this capture port.
  console.log(`  b/d throughput: ${(rps(b) / rps(d)).toFixed(2)}× (Fastify route that only answers)`)
  if (d.cpuUsPerRequest !== null && b.cpuUsPerRequest !== null)
    console.log(`  b/d CPU per request: ${(b.cpuUsPerRequest / d.cpuUsPerRequest).toFixed(2)}×`)
  const p99 = b.run.latency.p99
  verdict('p99 capture latency', `${p99.toFixed(1)} ms`, p99 <= 10, '≤ 10 ms')
  // No target: the same run with the log where writes never wait for the disk, to tell the two apart.
  if (m !== null)
    console.log(`  p99 with the log in memory (${MEMORY_DIR}): ${m.run.latency.p99.toFixed(1)} ms, one run`)
  const answered = b.ok + (m === null ? 0 : m.ok)
  verdict('answered 2xx but missing from the log', `${missing} of ${answered}`, missing === 0, '0')
  if (PROFILE) console.log(`\nCPU profile of the capture server: ${profileDir}`)
}

/** Bundles bench/<name>.ts (which imports the engine's TypeScript) to out/bench/<name>.mjs and loads it. */
async function bundle(name, load = true) {
  const file = join(outDir, `${name}.mjs`)
  await build({
    input: join(import.meta.dirname, `${name}.ts`),
    platform: 'node',
    external: ['better-sqlite3', /^node:/],
    output: { file, format: 'esm' },
    write: true,
    logLevel: 'warn',
  })
  return load ? import(file) : file
}

async function part2(dataDir) {
  console.log(`\n## Part 2 — a log of ${EVENTS.toLocaleString('en-US')} events\n`)
  const { seedLog, timeQueries } = await bundle('seed-log')
  let lastReport = 0
  const seeded = seedLog(dataDir, EVENTS, 7, (done) => {
    if (done - lastReport >= 200_000) {
      lastReport = done
      process.stdout.write(`  seeded ${done.toLocaleString('en-US')}…\n`)
    }
  })
  const perMillion = (seeded.bytes / seeded.events) * 1_000_000
  console.log(
    `Seeded ${seeded.events.toLocaleString('en-US')} events in ${seeded.requests.toLocaleString('en-US')} requests in ${seeded.seconds.toFixed(1)} s ` +
      `(${Math.round(seeded.events / seeded.seconds).toLocaleString('en-US')} events/s, direct inserts, then the full-text index).`,
  )
  console.log(
    `Packed the ${seeded.packed.toLocaleString('en-US')} events older than an hour in ${seeded.packSeconds.toFixed(1)} s ` +
      `(the engine's background packer, measured on the first 50,000 packed as it packs them: ` +
      `${seeded.packCpuMicrosPerEvent.toFixed(0)} µs of CPU per event; one pack's transaction p50 ${seeded.packStepMs.p50.toFixed(1)} ms, ` +
      `p99 ${seeded.packStepMs.p99.toFixed(1)} ms, max ${seeded.packStepMs.max.toFixed(1)} ms).`,
  )
  console.log(
    `Database: ${(seeded.bytes / 1e6).toFixed(0)} MB, ${(perMillion / 1e6).toFixed(0)} MB per million events; ` +
      `the bodies received were ${(seeded.rawBytes / 1e6).toFixed(0)} MB.`,
  )
  const toRaw = seeded.bytes / seeded.rawBytes
  ratioRow('log size / raw bytes received (indexes and full-text index included)', toRaw, 1.5, '≤')
  console.log('')
  results.log = {
    events: seeded.events,
    bytes: seeded.bytes,
    bytesPerEvent: Math.round(seeded.bytes / seeded.events),
    rawBytes: seeded.rawBytes,
    rawBytesPerEvent: Math.round(seeded.rawBytes / seeded.events),
    ratioToRaw: Math.round(toRaw * 100) / 100,
    packedEvents: seeded.packed,
    packSeconds: Math.round(seeded.packSeconds * 10) / 10,
    packCpuMicrosPerEvent: Math.round(seeded.packCpuMicrosPerEvent),
    packStepMs: Object.fromEntries(
      Object.entries(seeded.packStepMs).map(([k, v]) => [k, Math.round(v * 10) / 10]),
    ),
  }
  global.gc?.()
  const timings = timeQueries(dataDir)
  results.queries = timings.map((t) => ({
    label: t.label,
    filter: t.filter,
    kind: t.kind,
    p50Ms: t.p50,
    p95Ms: t.p95,
  }))
  table(
    ['first page (200 rows)', 'filter', 'p50 ms', 'p95 ms', 'rows', 'total', 'target'],
    timings.map((t) => {
      const limit = t.kind === 'fts' ? 100 : 50
      return [
        t.label,
        t.filter,
        t.p50.toFixed(1),
        t.p95.toFixed(1),
        String(t.rows),
        t.total,
        `${t.p95 <= limit ? 'PASS' : 'MISS'} ≤ ${limit}`,
      ]
    }),
  )
}

async function part3(dataDir) {
  console.log('\n## Part 3 — the UI on that log (Chromium, 1440×900)\n')
  const server = await spawnReady(
    [
      join(root, 'bin', 'track-debugger.js'),
      'serve',
      '--capture-port',
      '0',
      '--ui-port',
      '0',
      '--proxy-port',
      '0',
      '--data-dir',
      dataDir,
    ],
    /UI:\s+(\S+)/,
  )
  const captureUrl = /Capture:\s+(\S+)/.exec(server.output())[1]
  try {
    const ui = await startUi(server.match[1])
    try {
      const m = await measureUi(ui, { captureUrl, headers: HEADERS, body: BODY, load })
      results.ui = {
        firstRowsMs: Math.round(m.firstRowsMs),
        firstRowsInDomMs: Math.round(m.inDomMs),
        firstRowsEachVisitMs: m.firstRowsEachMs,
        scroll: { rows: m.scrolledRows, longestTaskMs: Math.round(m.scroll.max), longTasks: m.scroll.count },
        live: {
          eventsPerSecond: Math.round(m.live.rate),
          longestTaskMs: Math.round(m.live.max),
          longTasks: m.live.count,
        },
        heapMB: m.heap,
      }
      verdict(
        'time to first rows (painted, timed in the page; median of 5 first visits)',
        `${m.firstRowsMs.toFixed(0)} ms`,
        m.firstRowsMs <= 1000,
        '≤ 1000 ms',
      )
      console.log(
        `  in the DOM at ${m.inDomMs.toFixed(0)} ms (median); each visit painted at ${m.firstRowsEachMs.join(', ')} ms`,
      )
      verdict(
        `longest task while scrolling ${m.scrolledRows.toLocaleString('en-US')} rows`,
        `${m.scroll.max.toFixed(0)} ms (${m.scroll.count} long tasks, ${m.scroll.total.toFixed(0)} ms in all)`,
        m.scroll.max <= 100,
        '≤ 100 ms',
      )
      console.log(
        `  renderer JS heap: ${m.heap.start} MB at first rows, ${m.heap.afterScroll} MB after scrolling`,
      )
      verdict(
        `longest task following live capture (${Math.round(m.live.rate).toLocaleString('en-US')} events/s for ${m.live.seconds} s)`,
        `${m.live.max.toFixed(0)} ms (${m.live.count} long tasks, ${m.live.total.toFixed(0)} ms in all)`,
        m.live.max <= 100,
        '≤ 100 ms',
      )
      console.log(
        `  renderer JS heap after following live traffic: ${m.heap.afterLive} MB; rows held: ${m.rowsHeld}`,
      )
    } finally {
      await ui.close()
    }
  } finally {
    await stop(server)
  }
}

async function part4() {
  console.log(
    `\n## Part 4 — capture latency while long work runs (a log of ${WORK_EVENTS.toLocaleString('en-US')} events)\n`,
  )
  const dataDir = mkdtempSync(join(tmpdir(), 'td-bench-work-'))
  try {
    const { seedLog } = await bundle('seed-log')
    seedLog(dataDir, WORK_EVENTS)
    const token = 'bench-token-0123456789abcdef'
    const server = await spawnReady(
      [
        ...(PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${join(root, 'out', 'bench', 'profiles')}`] : []),
        join(root, 'bin', 'track-debugger.js'),
        'serve',
        '--capture-port',
        '0',
        '--ui-port',
        '0',
        '--proxy-port',
        '0',
        '--data-dir',
        dataDir,
        '--token',
        token,
        '--validation',
        'lenient',
      ],
      /UI:\s+(\S+)/,
    )
    try {
      const captureUrl = /Capture:\s+(\S+)/.exec(server.output())[1]
      results.longWork = await measureLongWork(
        { uiBase: new URL(server.match[1]).origin, token, captureUrl, pid: server.child.pid },
        { body: BODY, headers: HEADERS },
      )
    } finally {
      await stop(server)
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/**
 * Part 5: the log's writes on the thread that answers HTTP, or on a worker thread
 * (bench/writer-server.ts), one right after the other (PLACEMENT_ROUNDS).
 */
async function part5() {
  console.log(
    `\n## Part 5 — where the log's writes run (${cpus().length} cores; parse, validate, group commit, answer)\n`,
  )
  const file = await bundle('writer-server', false)
  const runs = { main: [], worker: [] }
  for (let round = 0; round < PLACEMENT_ROUNDS; round++)
    for (const mode of ['main', 'worker']) runs[mode].push(await driveScript([file, mode]))
  const summary = Object.fromEntries(Object.entries(runs).map(([mode, xs]) => [mode, figures(combine(xs))]))
  table(
    ['writes on', 'req/s', 'p50 ms', 'p99 ms', 'CPU µs/req'],
    Object.entries(summary).map(([mode, x]) => [
      mode === 'main' ? 'the HTTP thread' : 'a worker thread',
      x.requestsPerSecond.toLocaleString('en-US'),
      x.p50Ms.toFixed(1),
      x.p99Ms.toFixed(1),
      x.cpuUsPerRequest === null ? '—' : x.cpuUsPerRequest.toFixed(0),
    ]),
  )
  const { main, worker } = summary
  console.log(
    `\n  worker/main: throughput ${(worker.requestsPerSecond / main.requestsPerSecond).toFixed(2)}×, ` +
      `CPU per request ${(worker.cpuUsPerRequest / main.cpuUsPerRequest).toFixed(2)}×, p99 ${(worker.p99Ms / main.p99Ms).toFixed(2)}×`,
  )
  results.writer = { cores: cpus().length, ...summary }
}

/** Everything measured, written to bench/results.json at the end (machine-readable; figures as printed). */
const results = {
  date: new Date().toISOString(),
  node: process.version,
  machine: { cpus: cpus().length, model: cpus()[0]?.model ?? null, memoryGB: Math.round(totalmem() / 1e9) },
  parts: [...PARTS].sort(),
}

const started = Date.now()
console.log(`# Track Debugger benchmark — ${new Date().toISOString()} — Node ${process.version}`)
/** Runs one part and notes how long it took (the whole run aims at under five minutes). */
results.partSeconds = {}
async function timed(name, run) {
  const at = Date.now()
  await run()
  results.partSeconds[name] = Math.round((Date.now() - at) / 1000)
}
if (PARTS.has('1')) await timed('1', part1)
if (PARTS.has('2') || PARTS.has('3')) {
  const dataDir = mkdtempSync(join(tmpdir(), 'td-bench-log-'))
  try {
    if (PARTS.has('2')) await timed('2', () => part2(dataDir))
    else {
      const { seedLog } = await bundle('seed-log')
      seedLog(dataDir, EVENTS)
    }
    if (PARTS.has('3')) await timed('3', () => part3(dataDir))
  } finally {
    if (process.env.BENCH_KEEP === '1')
      console.log(
        `\nSeeded log kept in ${dataDir} (${(statSync(join(dataDir, 'track-debugger.db')).size / 1e6).toFixed(0)} MB)`,
      )
    else rmSync(dataDir, { recursive: true, force: true })
  }
}
if (PARTS.has('4')) await timed('4', part4)
if (PARTS.has('5')) await timed('5', part5)
results.seconds = Math.round((Date.now() - started) / 1000)
const resultsFile = join(import.meta.dirname, 'results.json')
// Formatted as the repository's formatter would (npm run lint checks it), so a fresh run commits as is.
writeFileSync(resultsFile, await format(JSON.stringify(results), { parser: 'json' }))
const parts = Object.entries(results.partSeconds).map(([n, s]) => `part ${n} ${s} s`)
console.log(`\nDone in ${results.seconds} s (${parts.join(', ')}). Figures: ${resultsFile}`)
