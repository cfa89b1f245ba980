/** Formatting shared by the sessions screen. */
import type { Condition, Expectation, ExpectationInput } from '../../../../shared/contract/sessions'

export function formatTime(ms: number): string {
  const d = new Date(ms)
  const today = new Date().toDateString() === d.toDateString()
  return today
    ? d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
    : d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })
}

export function formatDuration(from: number, to: number | null): string {
  const s = Math.max(0, Math.round(((to ?? Date.now()) - from) / 1000))
  const m = Math.floor(s / 60)
  return m >= 60 ? `${Math.floor(m / 60)} h ${m % 60} min` : m > 0 ? `${m} min` : `${s} s`
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 40 ? `${text.slice(0, 39)}…` : text
}

export function conditionText(c: Condition): string {
  switch (c.op) {
    case 'equals':
      return `${c.path} = ${short(c.value)}`
    case 'matches':
      return `${c.path} ~ /${c.value}/`
    case 'type':
      return `${c.path} is ${c.value}`
    case 'present':
      return c.value === false ? `${c.path} absent` : `${c.path} present`
  }
}

/** The expectation's subject and count, as the checklist titles it. */
export function expectationTitle(e: Expectation | ExpectationInput): string {
  const callType = e.callType ?? 'track'
  const name = e.eventName ?? null
  const subject = callType === 'track' ? (name ?? 'any track event') : `${callType}${name ? ` ${name}` : ''}`
  const mode = e.count?.mode ?? 'atLeast'
  const n = e.count?.n ?? 1
  const count = mode === 'exactly' ? (n === 0 ? 'never' : `exactly ${n}×`) : n === 1 ? '' : `at least ${n}×`
  return [subject, count].filter((s) => s !== '').join(' ')
}
