/**
 * Plan rows as the table editor holds them (every cell text), and back to
 * the two row forms the engine reads: CSV and a JSON array. The engine
 * stays the judge of what a row means; this only writes what the user
 * typed in the shape the parser expects.
 */
import type { PlanRow } from './contract/validation'

export interface EditableRow {
  event: string
  property: string
  type: string
  required: boolean
  allowed: string
}

export const CSV_HEADER = 'event,property,type,required,allowed values'

export function toEditable(rows: readonly PlanRow[]): EditableRow[] {
  return rows.map((r) => ({
    event: r.event,
    property: r.property ?? '',
    type: r.property === null || (r.types.length === 1 && r.types[0] === 'any') ? '' : r.types.join('|'),
    required: r.required,
    allowed: r.allowed.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('|'),
  }))
}

function csvCell(text: string): string {
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text
}

/** Rows with no event name are left out: they are blank lines the user has not filled in. */
export function toCsv(rows: readonly EditableRow[]): string {
  const lines = rows
    .filter((r) => r.event.trim() !== '')
    .map((r) =>
      [r.event, r.property, r.type, r.required ? 'yes' : 'no', r.allowed].map((c) => csvCell(c)).join(','),
    )
  return `${CSV_HEADER}\n${lines.join('\n')}\n`
}

export function toJsonRows(rows: readonly EditableRow[]): string {
  const out = rows
    .filter((r) => r.event.trim() !== '')
    .map((r) => ({
      event: r.event,
      ...(r.property.trim() ? { property: r.property } : {}),
      ...(r.type.trim() ? { type: r.type } : {}),
      ...(r.required ? { required: true } : {}),
      ...(r.allowed.trim() ? { allowed: r.allowed } : {}),
    }))
  return `${JSON.stringify(out, null, 2)}\n`
}
