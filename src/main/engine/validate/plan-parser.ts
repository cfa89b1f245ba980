/**
 * Reads a tracking plan the way users write one, into one model:
 * rows for the table and one JSON Schema (of the event's `properties`)
 * per event name for checking.
 *
 * Three forms are understood:
 * - a JSON object mapping event names to JSON Schemas of their properties;
 * - a JSON array of rows `{ event, property, type, required, allowed }`;
 * - the same rows as CSV with a header line.
 * Bad input never throws: it becomes errors with a location (a JSON
 * pointer, or a CSV line) so the editor can say exactly what to fix.
 */
import type {
  AllowedValue,
  PlanError,
  PlanFormat,
  PlanPropertyType,
  PlanRow,
} from '../../../shared/contract/validation'
import { PLAN_PROPERTY_TYPES } from '../../../shared/contract/validation'
import { parseCsv } from './csv'
import { pointer } from './finding'
import { rowsFromSchema, schemaFromRows, type JsonSchema } from './plan-schema'

export interface ParsedPlan {
  format: PlanFormat | null
  rows: PlanRow[]
  /** JSON Schema of `properties` per event name. */
  schemas: Map<string, JsonSchema>
  errors: PlanError[]
}

const TYPE_ALIASES: Record<string, PlanPropertyType> = {
  str: 'string',
  text: 'string',
  int: 'integer',
  float: 'number',
  double: 'number',
  bool: 'boolean',
  list: 'array',
  dict: 'object',
  map: 'object',
  '': 'any',
  '*': 'any',
}

const COLUMN_ALIASES: Record<string, keyof RawRow> = {
  event: 'event',
  event_name: 'event',
  name: 'event',
  property: 'property',
  property_name: 'property',
  prop: 'property',
  type: 'type',
  property_type: 'type',
  required: 'required',
  is_required: 'required',
  allowed: 'allowed',
  allowed_values: 'allowed',
  values: 'allowed',
  enum: 'allowed',
}

interface RawRow {
  event: unknown
  property: unknown
  type: unknown
  required: unknown
  allowed: unknown
}

export function detectFormat(source: string): PlanFormat {
  const start = source.replace(/^\uFEFF/, '').trimStart()
  if (start.startsWith('{')) return 'schema-map'
  if (start.startsWith('[')) return 'rows-json'
  return 'csv'
}

export function parsePlan(source: string, format: PlanFormat = detectFormat(source)): ParsedPlan {
  const text = source.replace(/^\uFEFF/, '')
  if (text.trim() === '') {
    return { format, rows: [], schemas: new Map(), errors: [{ location: '', message: 'The plan is empty.' }] }
  }
  if (format === 'csv') return fromRows(format, csvRows(text))
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    return {
      format,
      rows: [],
      schemas: new Map(),
      errors: [{ location: '', message: `Not valid JSON: ${(error as Error).message}` }],
    }
  }
  if (format === 'rows-json') {
    if (!Array.isArray(value))
      return fail(format, '', 'The JSON form is an array of rows: [{"event": …, "property": …, "type": …}].')
    return fromRows(
      format,
      value.map((row, i) => ({ location: `/${i}`, raw: isRecord(row) ? normaliseKeys(row) : null })),
    )
  }
  if (!isRecord(value) || Array.isArray(value))
    return fail(format, '', 'A schema map is an object: {"<event name>": <JSON Schema of its properties>}.')
  return fromSchemaMap(value)
}

function fail(format: PlanFormat, location: string, message: string): ParsedPlan {
  return { format, rows: [], schemas: new Map(), errors: [{ location, message }] }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}

function normaliseKey(key: string): string {
  return key
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_')
}

function normaliseKeys(row: Record<string, unknown>): RawRow {
  const out: RawRow = {
    event: undefined,
    property: undefined,
    type: undefined,
    required: undefined,
    allowed: undefined,
  }
  for (const [key, value] of Object.entries(row)) {
    const column = COLUMN_ALIASES[normaliseKey(key)]
    if (column) out[column] = value
  }
  return out
}

function csvRows(text: string): { location: string; raw: RawRow | null; error?: string }[] {
  const parsed = parseCsv(text)
  if (parsed.error) return [{ location: '', raw: null, error: parsed.error }]
  const [header, ...body] = parsed.rows
  if (!header) return []
  const columns = header.cells.map((c) => COLUMN_ALIASES[normaliseKey(c)] ?? null)
  if (!columns.includes('event')) {
    return [
      {
        location: 'line 1',
        raw: null,
        error: 'The first line must name the columns: event, property, type, required, allowed values.',
      },
    ]
  }
  return body.map((row) => {
    const raw: RawRow = {
      event: undefined,
      property: undefined,
      type: undefined,
      required: undefined,
      allowed: undefined,
    }
    row.cells.forEach((cell, i) => {
      const column = columns[i]
      if (column) raw[column] = cell.trim()
    })
    return { location: `line ${row.line}`, raw }
  })
}

function fromRows(
  format: PlanFormat,
  input: { location: string; raw: RawRow | null; error?: string }[],
): ParsedPlan {
  const errors: PlanError[] = []
  const rows: PlanRow[] = []
  const seen = new Set<string>()
  for (const { location, raw, error } of input) {
    if (error) {
      errors.push({ location, message: error })
      continue
    }
    if (!raw) {
      errors.push({ location, message: 'Each row must be an object with at least "event".' })
      continue
    }
    const row = readRow(raw, location, errors)
    if (!row) continue
    const key = `${row.event}\u0000${row.property ?? ''}`
    if (seen.has(key)) {
      errors.push({
        location,
        message: row.property
          ? `"${row.event}" lists property "${row.property}" twice.`
          : `"${row.event}" is listed twice without a property.`,
      })
      continue
    }
    seen.add(key)
    rows.push(row)
  }
  if (rows.length === 0 && errors.length === 0)
    errors.push({ location: '', message: 'The plan has no rows.' })
  const schemas = new Map<string, JsonSchema>()
  for (const name of new Set(rows.map((r) => r.event)))
    schemas.set(name, schemaFromRows(rows.filter((r) => r.event === name)))
  return { format, rows, schemas, errors }
}

function readRow(raw: RawRow, location: string, errors: PlanError[]): PlanRow | null {
  const at = (field: string): string => (location.startsWith('/') ? `${location}/${field}` : location)
  if (typeof raw.event !== 'string' || raw.event.trim() === '') {
    errors.push({ location: at('event'), message: 'Each row needs an event name.' })
    return null
  }
  const property =
    raw.property === undefined ||
    raw.property === null ||
    (typeof raw.property === 'string' && raw.property.trim() === '')
      ? null
      : typeof raw.property === 'string'
        ? raw.property.trim()
        : null
  if (raw.property !== undefined && raw.property !== null && typeof raw.property !== 'string') {
    errors.push({ location: at('property'), message: 'property must be text.' })
    return null
  }
  const typeText = raw.type === undefined || raw.type === null ? '' : String(raw.type).trim().toLowerCase()
  const types: PlanPropertyType[] = []
  for (const part of typeText.split(/[|/]/).map((t) => t.trim())) {
    const type = (PLAN_PROPERTY_TYPES as readonly string[]).includes(part)
      ? (part as PlanPropertyType)
      : TYPE_ALIASES[part]
    if (!type) {
      errors.push({
        location: at('type'),
        message: `Unknown type "${part}"; use ${PLAN_PROPERTY_TYPES.join(', ')} (or several joined with |).`,
      })
      return null
    }
    if (!types.includes(type)) types.push(type)
  }
  const required = readBoolean(raw.required)
  if (required === null) {
    errors.push({
      location: at('required'),
      message: `required must be yes/no or true/false, got "${String(raw.required)}".`,
    })
    return null
  }
  if (property === null && required) {
    errors.push({ location: at('required'), message: 'A row without a property cannot be required.' })
    return null
  }
  const allowed = readAllowed(raw.allowed, types, at('allowed'), errors)
  if (!allowed) return null
  return {
    event: raw.event.trim(),
    property,
    types: types.includes('any') ? ['any'] : types,
    required,
    allowed,
  }
}

function readBoolean(v: unknown): boolean | null {
  if (v === undefined || v === null || v === '') return false
  if (typeof v === 'boolean') return v
  const t = String(v).trim().toLowerCase()
  if (['true', 'yes', 'y', '1', 'required', 'x'].includes(t)) return true
  if (['false', 'no', 'n', '0', 'optional'].includes(t)) return false
  return null
}

function readAllowed(
  v: unknown,
  types: PlanPropertyType[],
  location: string,
  errors: PlanError[],
): AllowedValue[] | null {
  if (v === undefined || v === null || v === '') return []
  if (Array.isArray(v)) {
    if (v.every((x) => x === null || ['string', 'number', 'boolean'].includes(typeof x)))
      return v as AllowedValue[]
    errors.push({ location, message: 'allowed values must be strings, numbers, booleans or null.' })
    return null
  }
  if (typeof v !== 'string') {
    errors.push({ location, message: 'allowed values are a list, or text separated by |.' })
    return null
  }
  const parts = v.split('|').map((p) => p.trim())
  const out: AllowedValue[] = []
  for (const part of parts) {
    const value = coerce(part, types)
    if (value === undefined) {
      errors.push({ location, message: `"${part}" is not a ${types.join(' or ')}.` })
      return null
    }
    out.push(value)
  }
  return out
}

/** Text from a CSV cell turned into the property's type, so `1|2|3` allows numbers, not strings. */
function coerce(text: string, types: PlanPropertyType[]): AllowedValue | undefined {
  if (types.includes('string') || types.includes('any')) return text
  if (
    (types.includes('number') || types.includes('integer')) &&
    text !== '' &&
    Number.isFinite(Number(text))
  ) {
    const n = Number(text)
    if (types.includes('number') || Number.isInteger(n)) return n
  }
  if (types.includes('boolean') && (text === 'true' || text === 'false')) return text === 'true'
  if (types.includes('null') && text === 'null') return null
  return undefined
}

function fromSchemaMap(map: Record<string, unknown>): ParsedPlan {
  const errors: PlanError[] = []
  const rows: PlanRow[] = []
  const schemas = new Map<string, JsonSchema>()
  for (const [name, schema] of Object.entries(map)) {
    if (name.trim() === '') {
      errors.push({ location: pointer(name), message: 'An event name is empty.' })
      continue
    }
    if (typeof schema !== 'boolean' && !isRecord(schema)) {
      errors.push({
        location: pointer(name),
        message: `The schema for "${name}" must be a JSON Schema object.`,
      })
      continue
    }
    schemas.set(name, schema as JsonSchema)
    rows.push(...rowsFromSchema(name, schema as JsonSchema))
  }
  if (schemas.size === 0 && errors.length === 0)
    errors.push({ location: '', message: 'The plan lists no events.' })
  return { format: 'schema-map', rows, schemas, errors }
}
