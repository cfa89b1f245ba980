import { describe, expect, it } from 'vitest'
import { parseCall } from '../../../src/main/engine/capture/parse-call'
import { cutEvents, joinEvents, type CutPiece } from '../../../src/main/engine/db/request-body'
import { specValidator } from '../../../src/main/engine/validate/spec-validator'

/** Cut as the writer does (events from the real parser), then join as the readers do. */
function roundTrip(body: Buffer) {
  const { events } = parseCall('track', body, Date.now(), specValidator)
  const jsons = events.map((e) => e.json)
  const cut = cutEvents(body, jsons)
  if (cut === null) return { events: events.length, cut }
  const pieces: CutPiece[] = []
  jsons.forEach((json, i) => {
    const at = cut.at[i]
    if (json !== null && at !== null && at !== undefined) pieces.push({ at, json })
  })
  const eventBytes = pieces.reduce((n, p) => n + Buffer.byteLength(p.json), 0)
  return { events: events.length, cut, joined: joinEvents(cut.rest, pieces), eventBytes }
}

/** A small deterministic PRNG, so a failure names a body that can be made again. */
function rng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = Math.imul(s ^ (s >>> 15), s | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const WORDS = ['signed_up', 'Zoë', '東京', '🎉 launch', 'a"quote', 'back\\slash', '', 'line\nbreak']
const SPACES = ['', ' ', '\n', '\r\n\t ']

function randomBody(r: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T
  const events = Array.from({ length: 1 + Math.floor(r() * 6) }, () => {
    const e: Record<string, unknown> = { event_name: pick(WORDS), user_id: `u${Math.floor(r() * 5)}` }
    if (r() < 0.7) e['properties'] = { label: pick(WORDS), n: Math.floor(r() * 100), ok: r() < 0.5 }
    const text = JSON.stringify(e, null, r() < 0.3 ? 2 : undefined)
    return `${pick(SPACES)}${text}${pick(SPACES)}`
  })
  return `${pick(SPACES)}[${events.join(',')}]${pick(SPACES)}`
}

describe('one copy of each event: the body without its events, and back', () => {
  it('gives back every byte of 500 generated SDK bodies, and stores each event once', () => {
    const r = rng(11)
    for (let i = 0; i < 500; i++) {
      const body = Buffer.from(randomBody(r))
      const out = roundTrip(body)
      expect(out.cut, `body ${i}`).not.toBeNull()
      expect(out.joined?.equals(body), `body ${i}: ${body.toString()}`).toBe(true)
      // What is stored for the body is exactly what the events do not hold.
      expect(out.cut!.rest.length + out.eventBytes!, `body ${i}`).toBe(body.length)
    }
  })

  it('cuts a single event object down to nothing, and keeps a byte-order mark', () => {
    const single = Buffer.from('{"event_name":"solo","user_id":"u1"}')
    expect(roundTrip(single).cut?.rest.length).toBe(0)
    expect(roundTrip(single).joined).toEqual(single)
    const bom = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('[{"event_name":"a","user_id":"u"}]'),
    ])
    const out = roundTrip(bom)
    expect(out.cut?.rest).toEqual(Buffer.from([0xef, 0xbb, 0xbf, 0x5b, 0x5d]))
    expect(out.joined).toEqual(bom)
  })

  it('gives back the same bytes when an event is found earlier than where the parser took it from', () => {
    // The event's text also appears inside the wrapper before it: whichever copy is cut, joining restores the body.
    const body = Buffer.from('{"context":{"a":1},"batch":[{"a":1},{"a":1}]}')
    const jsons = ['{"a":1}', '{"a":1}']
    const cut = cutEvents(body, jsons)
    expect(cut).not.toBeNull()
    const pieces = jsons.map((json, i) => ({ at: cut!.at[i] as number, json }))
    expect(joinEvents(cut!.rest, pieces)).toEqual(body)
  })

  it('keeps the body whole (null) when an event is not in it, in order', () => {
    const body = Buffer.from('[{"a":1},{"b":2}]')
    expect(cutEvents(body, ['{"a":1}', '{"c":3}'])).toBeNull()
    expect(cutEvents(body, ['{"b":2}', '{"a":1}'])).toBeNull()
    // Redacted differently from its body: the event's text is not in the bytes stored.
    expect(cutEvents(Buffer.from('[{"key":"sk_live_123456789012"}]'), ['{"key":"••••9012"}'])).toBeNull()
    // Not UTF-8 text at all.
    expect(cutEvents(Buffer.from([0xff, 0xfe, 0x7b]), ['{"a":1}'])).toBeNull()
  })

  it('skips events without JSON and leaves their place empty', () => {
    const body = Buffer.from('[{"a":1}]')
    const cut = cutEvents(body, [null, '{"a":1}'])
    expect(cut?.at).toEqual([null, 1])
    expect(joinEvents(cut!.rest, [{ at: 1, json: '{"a":1}' }])).toEqual(body)
  })
})
