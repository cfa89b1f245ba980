/** The evidence pass: one scan in pages, capture's turn between them, and findings read only while they are listed. */
import { describe, expect, it } from 'vitest'
import type { Finding } from '../../../src/shared/model'
import {
  collectEvidence,
  EVIDENCE_PAGE,
  LISTED_FINDINGS,
  type EvidenceRow,
} from '../../../src/main/engine/sessions/evidence'

function rows(n: number, errorsFirst: number): { rows: EvidenceRow[]; parsed: () => number } {
  let parsed = 0
  const list = Array.from({ length: n }, (_, i): EvidenceRow => {
    const finding: Finding =
      i < errorsFirst
        ? { rule: 'user_id.type', severity: 'error', path: 'user_id', message: 'not a string' }
        : { rule: 'event_name.legacy-field', severity: 'warning', path: 'event', message: 'older field' }
    return {
      id: i + 1,
      callType: 'track',
      eventName: i % 2 ? 'signed_up' : 'page_visit',
      status: i < errorsFirst ? 'invalid' : 'warnings',
      findingCount: 1,
      findings: () => {
        parsed++
        return [finding]
      },
    }
  })
  return { rows: list, parsed: () => parsed }
}

describe('collectEvidence', () => {
  it('reads the session a page at a time, pausing between pages, and counts every event', async () => {
    const n = EVIDENCE_PAGE * 4 + 7
    const { rows: all } = rows(n, 0)
    const pages: number[] = []
    let pauses = 0
    const evidence = await collectEvidence(
      [],
      {
        rowsAfter: (after, limit) => {
          const page = all.filter((r) => r.id > after).slice(0, limit)
          pages.push(page.length)
          return page
        },
        load: () => [],
      },
      async () => {
        pauses++
      },
    )
    expect(pages).toEqual([EVIDENCE_PAGE, EVIDENCE_PAGE, EVIDENCE_PAGE, EVIDENCE_PAGE, 7])
    expect(pauses).toBe(4)
    expect(evidence.eventCount).toBe(n)
    expect(evidence.statusCounts).toEqual({ valid: 0, warnings: n, invalid: 0, unchecked: 0 })
    expect(evidence.groups.map((g) => [g.eventName, g.firstId])).toEqual([
      ['page_visit', 1],
      ['signed_up', 2],
    ])
    expect(evidence.findingCount).toBe(n)
  })

  it('stops reading findings once the errors fill the list, yet counts them all', async () => {
    const n = 3_000
    const { rows: all, parsed } = rows(n, 1_200)
    const evidence = await collectEvidence([], {
      rowsAfter: (after, limit) => all.filter((r) => r.id > after).slice(0, limit),
      load: () => [],
    })
    expect(evidence.findings).toHaveLength(LISTED_FINDINGS)
    expect(evidence.findings.every((f) => f.severity === 'error')).toBe(true)
    expect(evidence.findingCount).toBe(n)
    expect(parsed()).toBe(LISTED_FINDINGS)
  })
})
