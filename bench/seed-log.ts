/**
 * Benchmark part 2: fill a log with realistic captured traffic through the
 * capture path's own writer (the same inserts, in the same layout, and the
 * full-text index built after them as the engine builds it), then time
 * first-page stream queries.
 * Bundled by bench/run.mjs; not part of the app.
 */
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { openDatabase } from '../src/main/engine/db/database'
import { EventRepository, type NewEvent } from '../src/main/engine/db/event-repository'
import { CaptureRows } from '../src/main/engine/writer/capture-rows'
import { EventPacker } from '../src/main/engine/db/event-packer'
import type { Entry } from '../src/main/engine/entry'
import type { NewRequest } from '../src/main/engine/db/request-repository'
import { extractFields } from '../src/main/engine/capture/parse-call'
import { answerHeaders, successAnswer } from '../src/main/engine/capture/answers'
import { CORS_HEADERS } from '../src/main/engine/capture/capture-server'
import { DB_FILE_NAME } from '../src/main/engine/paths'
import type { CallType, EventQuery, Finding, Status } from '../src/shared/model'

/** Events packed one pack per transaction, as the engine packs them, for the packer's figures. */
const PACK_SAMPLE = 50_000

/** A small deterministic PRNG, so every run seeds the same log. */
function rng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const PAGES = [
  '/',
  '/pricing',
  '/docs',
  '/blog/launch',
  '/signup',
  '/app/dashboard',
  '/app/settings',
  '/checkout',
]
const NAMED = [
  'signed_up',
  'plan_upgraded',
  'invite_sent',
  'report_exported',
  'checkout_started',
  'feature_used',
]
const PLANS = ['free', 'pro', 'team', 'enterprise']
const RULES = ['event.timestamp.stale', 'event.user_or_device', 'event.name.case', 'event.properties.type']

interface Generated {
  callType: CallType
  value: Record<string, unknown>
}

function generate(r: () => number, n: number, at: number): Generated {
  const user = r() < 0.3 ? '' : `user_${Math.floor(r() * 20_000)}`
  const context = {
    group_id: `acct_${Math.floor(r() * 2_000)}`,
    device_id: `d_${Math.floor(r() * 50_000).toString(36)}`,
    session_id: `session_${Math.floor(r() * 100_000).toString(36)}`,
    source: 'product',
  }
  const timestamp = new Date(at).toISOString()
  const roll = r()
  if (roll < 0.1) {
    return {
      callType: 'identify',
      value: {
        user_id: user || `user_${n % 20_000}`,
        traits: {
          user_email: `person${n % 20_000}@example.com`,
          user_name: `Person ${n % 20_000}`,
          plan: PLANS[n % 4],
        },
        timestamp,
        context,
      },
    }
  }
  if (roll < 0.15) {
    const g = `acct_${Math.floor(r() * 2_000)}`
    return {
      callType: 'group',
      value: {
        group_id: g,
        user_id: user,
        traits: { group_type: 'account', account_domain: `${g}.example.com`, account_name: `Account ${g}` },
        timestamp,
        context,
      },
    }
  }
  const page = PAGES[Math.floor(r() * PAGES.length)] as string
  if (roll < 0.7) {
    return {
      callType: 'track',
      value: {
        event_name: 'page_visit',
        properties: {
          page_title: `Example — ${page}`,
          page_url: `https://app.example.com${page}`,
          page_path: page,
          page_referrer: r() < 0.5 ? 'https://www.google.com/' : null,
          language: 'en-US',
          utm_source: r() < 0.2 ? 'newsletter' : null,
          utm_campaign: null,
        },
        user_id: user,
        context,
        timestamp,
      },
    }
  }
  if (roll < 0.85) {
    return {
      callType: 'track',
      value: {
        event_name: 'element_click',
        properties: {
          element_text: ['Start trial', 'Save', 'Invite', 'Export'][n % 4],
          page_path: page,
          element_id: `btn_${n % 300}`,
        },
        user_id: user,
        context,
        timestamp,
      },
    }
  }
  return {
    callType: 'track',
    value: {
      event_name: NAMED[Math.floor(r() * NAMED.length)],
      properties: {
        plan: PLANS[Math.floor(r() * PLANS.length)],
        seats: 1 + Math.floor(r() * 50),
        email: `person${n % 20_000}@example.com`,
      },
      user_id: user,
      context,
      timestamp,
    },
  }
}

export interface SeedResult {
  events: number
  requests: number
  seconds: number
  /**
   * Events packed (all but the last hour's) and how long it took; the packer's CPU per event and
   * transaction times over the first PACK_SAMPLE, packed one pack per transaction as the engine does.
   */
  packed: number
  packSeconds: number
  packCpuMicrosPerEvent: number
  /** How long one pack's transaction held the connection (what a capture arriving meanwhile waits). */
  packStepMs: { p50: number; p99: number; max: number }
  bytes: number
  /** The request bodies' bytes, as the SDKs sent them. */
  rawBytes: number
}

/** Seed `count` events over the last `days` days, in SDK-like batches of 1-10. */
export function seedLog(
  dataDir: string,
  count: number,
  days = 7,
  onProgress?: (done: number) => void,
): SeedResult {
  const path = join(dataDir, DB_FILE_NAME)
  const db = openDatabase(path)
  const writer = new CaptureRows(db)
  const events = new EventRepository(db)
  const r = rng(42)
  const started = performance.now()
  const now = Date.now()
  const span = days * 86_400_000
  let made = 0
  let requestCount = 0
  let rawBytes = 0
  const batch = (target: number): void => {
    const entries: Entry[] = []
    while (made < target) {
      const size = Math.min(target - made, 1 + Math.floor(r() * 10))
      const receivedAt = Math.round(now - span + (span * made) / count)
      const generated = Array.from({ length: size }, (_, i) => generate(r, made + i, receivedAt))
      // One call type a request, as SDKs send them.
      const callType = generated[0]?.callType ?? 'track'
      const items = generated.filter((g) => g.callType === callType)
      const texts = items.map((g) => JSON.stringify(g.value))
      const body = Buffer.from(`[${texts.join(',')}]`)
      const rows: NewEvent[] = items.map((g, idx) => {
        const bad = r()
        const status: Status = bad < 0.05 ? 'invalid' : bad < 0.15 ? 'warnings' : 'valid'
        const findings: Finding[] =
          status === 'valid'
            ? []
            : [
                {
                  severity: status === 'invalid' ? 'error' : 'warning',
                  path: '/timestamp',
                  rule: RULES[Math.floor(r() * RULES.length)] as string,
                  message: 'Seeded finding.',
                },
              ]
        return {
          kind: 'event',
          idx,
          callType,
          ...extractFields(callType, g.value),
          status,
          findings,
          json: texts[idx] as string,
        }
      })
      const worst: Status = rows.some((x) => x.status === 'invalid')
        ? 'invalid'
        : rows.some((x) => x.status === 'warnings')
          ? 'warnings'
          : 'valid'
      // What the capture port answers and records, headers included.
      const answer = successAnswer(callType)
      const request: NewRequest = {
        receivedAt,
        method: 'POST',
        path: `/api/${callType}`,
        query: '',
        callType,
        headers: [
          ['Host', '127.0.0.1:8787'],
          ['Content-Type', 'application/json'],
          ['x-api-key', '••••k3y9'],
          ['User-Agent', 'Mozilla/5.0 (X11; Linux x86_64) Chrome/141.0 Safari/537.36'],
        ],
        remoteAddress: '127.0.0.1',
        origin: 'https://app.example.com',
        userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/141.0 Safari/537.36',
        contentType: 'application/json',
        body,
        bodySize: body.length,
        bodyTruncated: false,
        responseStatus: 200,
        responseBody: answer.body,
        latencyMs: 2,
        responseHeaders: answerHeaders(answer, { cors: CORS_HEADERS, close: false }),
        error: null,
        eventCount: rows.length,
        status: worst,
        findings: [],
        entryOrigin: 'captured',
        parentId: null,
      }
      entries.push({ request, events: rows, sessionId: null })
      rawBytes += body.length
      made += rows.length
      requestCount++
    }
    writer.write(entries)
  }
  while (made < count) {
    batch(Math.min(count, made + 20_000))
    // The engine indexes just after each commit; the seed does too, so the log starts with its index.
    events.indexSearchFully()
    onProgress?.(made)
  }
  const seconds = (performance.now() - started) / 1000
  // What the engine's background packer does to events older than an hour (db/event-packer.ts),
  // and the retention job's hand-back of the pages it frees (all of them here: no slack kept).
  // The first PACK_SAMPLE events are packed as the engine packs them, one pack per transaction,
  // and give the packer's figures; the rest sixteen packs per transaction, which takes the
  // benchmark 15% less time.
  const packStarted = performance.now()
  const packCpu = process.cpuUsage()
  const packer = new EventPacker(db)
  const stepMs: number[] = []
  let sampled = 0
  while (sampled < PACK_SAMPLE) {
    const t = performance.now()
    const n = packer.step()
    if (n === 0) break
    stepMs.push(performance.now() - t)
    sampled += n
  }
  const packUsage = process.cpuUsage(packCpu)
  const sixteen = db.transaction((): number => {
    let n = 0
    for (let i = 0, m = 1; i < 16 && m > 0; i++) n += m = packer.step()
    return n
  })
  let packed = sampled
  for (let n = sixteen(); n > 0; n = sixteen()) packed += n
  stepMs.sort((a, b) => a - b)
  const stepAt = (p: number): number =>
    stepMs[Math.min(stepMs.length - 1, Math.floor(p * stepMs.length))] ?? 0
  db.pragma('incremental_vacuum')
  const packSeconds = (performance.now() - packStarted) / 1000
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.close()
  return {
    events: made,
    requests: requestCount,
    seconds,
    packed,
    packSeconds,
    packCpuMicrosPerEvent: sampled > 0 ? (packUsage.user + packUsage.system) / sampled : 0,
    packStepMs: { p50: stepAt(0.5), p99: stepAt(0.99), max: stepMs[stepMs.length - 1] ?? 0 },
    bytes: statSync(path).size,
    rawBytes,
  }
}

export interface QueryTiming {
  label: string
  filter: string
  kind: 'filter' | 'fts'
  p50: number
  p95: number
  rows: number
  total: string
}

/** First-page (200 rows, as the UI asks) timings for common filters, repeated `runs` times each. */
export function timeQueries(dataDir: string, runs = 20): QueryTiming[] {
  const db = openDatabase(join(dataDir, DB_FILE_NAME))
  const events = new EventRepository(db)
  const cases: { label: string; kind: 'filter' | 'fts'; q: EventQuery }[] = [
    { label: 'no filter', kind: 'filter', q: {} },
    { label: 'type', kind: 'filter', q: { q: 'type:identify' } },
    { label: 'status', kind: 'filter', q: { q: 'status:invalid' } },
    { label: 'event (common)', kind: 'filter', q: { q: 'event:page_visit' } },
    { label: 'event (rare)', kind: 'filter', q: { q: 'event:plan_upgraded' } },
    { label: 'event prefix', kind: 'filter', q: { q: 'event:plan*' } },
    { label: 'user', kind: 'filter', q: { q: 'user:user_4242' } },
    { label: 'exclude event', kind: 'filter', q: { q: '-event:page_visit -event:element_click' } },
    { label: 'status + event', kind: 'filter', q: { q: 'status:invalid event:signed_up' } },
    { label: 'last hour', kind: 'filter', q: { q: 'after:1h' } },
    {
      label: 'one old day',
      kind: 'filter',
      q: { receivedFrom: Date.now() - 6 * 86_400_000, receivedUntil: Date.now() - 5 * 86_400_000 },
    },
    { label: 'rule', kind: 'filter', q: { q: 'rule:event.name.case' } },
    { label: 'prop', kind: 'filter', q: { q: 'prop.plan:enterprise' } },
    {
      label: 'prop, packed day',
      kind: 'filter',
      q: {
        q: 'prop.plan:enterprise',
        receivedFrom: Date.now() - 6 * 86_400_000,
        receivedUntil: Date.now() - 5 * 86_400_000,
      },
    },
    {
      label: 'call-type chips',
      kind: 'filter',
      q: { callTypes: ['track'], statuses: ['warnings', 'invalid'] },
    },
    { label: 'text (common word)', kind: 'fts', q: { q: 'pricing' } },
    { label: 'text (rare word)', kind: 'fts', q: { q: 'person4242' } },
    { label: 'text (prefix)', kind: 'fts', q: { q: 'dash' } },
    { label: 'text (phrase)', kind: 'fts', q: { q: '"start trial"' } },
    { label: 'text + filter', kind: 'fts', q: { q: 'newsletter status:warnings' } },
    { label: 'text (no match)', kind: 'fts', q: { q: 'zyzzyva' } },
  ]
  const results: QueryTiming[] = []
  for (const c of cases) {
    events.list({ ...c.q, limit: 200 })
    const times: number[] = []
    let last = events.list({ ...c.q, limit: 200 })
    for (let i = 0; i < runs; i++) {
      const t = performance.now()
      last = events.list({ ...c.q, limit: 200 })
      times.push(performance.now() - t)
    }
    times.sort((a, b) => a - b)
    const at = (p: number): number =>
      times[Math.min(times.length - 1, Math.floor(p * times.length))] as number
    results.push({
      label: c.label,
      filter: c.q.q ?? JSON.stringify(c.q),
      kind: c.kind,
      p50: at(0.5),
      p95: at(0.95),
      rows: last.items.length,
      total: `${last.total}${last.totalIsExact ? '' : '+'}`,
    })
  }
  db.close()
  return results
}
