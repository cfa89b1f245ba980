/**
 * The bridge between the plan's two shapes: a JSON Schema of an event's
 * `properties`, and the rows a table shows (property, type, required,
 * allowed values). Rows become a closed schema (`additionalProperties:
 * false`, so unplanned properties are reported); a user's own schema is
 * shown as rows as far as its top-level `properties` go and is checked
 * exactly as written.
 */
import type { AllowedValue, PlanPropertyType, PlanRow } from '../../../shared/contract/validation'
import { PLAN_PROPERTY_TYPES } from '../../../shared/contract/validation'

export type JsonSchema = boolean | Record<string, unknown>

export function schemaFromRows(rows: readonly PlanRow[]): Record<string, unknown> {
  const properties: Record<string, unknown> = {}
  const required: string[] = []
  for (const row of rows) {
    if (row.property === null) continue
    const schema: Record<string, unknown> = {}
    const types = row.types.filter((t) => t !== 'any')
    if (types.length === 1) schema['type'] = types[0]
    else if (types.length > 1) schema['type'] = types
    if (row.allowed.length > 0) schema['enum'] = row.allowed
    properties[row.property] = schema
    if (row.required) required.push(row.property)
  }
  return { type: 'object', properties, required, additionalProperties: false }
}

function typesOf(schema: unknown): PlanPropertyType[] {
  if (schema === true || !schema || typeof schema !== 'object') return ['any']
  const t = (schema as Record<string, unknown>)['type']
  const list = typeof t === 'string' ? [t] : Array.isArray(t) ? t : []
  const known = list.filter((x): x is PlanPropertyType =>
    (PLAN_PROPERTY_TYPES as readonly unknown[]).includes(x),
  )
  return known.length > 0 ? known : ['any']
}

function allowedOf(schema: unknown): AllowedValue[] {
  if (!schema || typeof schema !== 'object') return []
  const s = schema as Record<string, unknown>
  const values = Array.isArray(s['enum']) ? s['enum'] : 'const' in s ? [s['const']] : []
  return values.filter(
    (v): v is AllowedValue =>
      v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean',
  )
}

export function rowsFromSchema(event: string, schema: JsonSchema): PlanRow[] {
  if (typeof schema === 'boolean')
    return [{ event, property: null, types: ['any'], required: false, allowed: [] }]
  const properties = schema['properties']
  const required = Array.isArray(schema['required']) ? (schema['required'] as unknown[]) : []
  const rows: PlanRow[] = []
  if (properties && typeof properties === 'object' && !Array.isArray(properties)) {
    for (const [property, sub] of Object.entries(properties as Record<string, unknown>)) {
      rows.push({
        event,
        property,
        types: typesOf(sub),
        required: required.includes(property),
        allowed: allowedOf(sub),
      })
    }
  }
  // Required properties the schema does not describe still belong in the table.
  for (const name of required) {
    if (typeof name === 'string' && !rows.some((r) => r.property === name))
      rows.push({ event, property: name, types: ['any'], required: true, allowed: [] })
  }
  if (rows.length === 0) rows.push({ event, property: null, types: ['any'], required: false, allowed: [] })
  return rows
}
