/**
 * Checks captured calls against the tracking plan. Each event name's
 * schema is compiled once by ajv when the plan is loaded; checking an
 * event is then one compiled function call. ajv's errors are turned into
 * the plan rules users filter on (required, type, allowed, unplanned
 * property), with pointers into the event.
 *
 * Track events are checked by `event_name` against their `properties`.
 * Identify and group calls have no event name: the plan's reserved entries
 * `$identify` and `$group` describe their `traits` (same rows, same
 * schemas). A plan without them leaves identify and group calls alone.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv'
import { compileLinear } from '../../../shared/linear-regex'
import Ajv2019 from 'ajv/dist/2019.js'
import Ajv2020 from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import type { PlanError } from '../../../shared/contract/validation'
import type { Finding } from '../../../shared/model'
import { finding, pointer, pointerToken } from './finding'
import type { ParsedPlan } from './plan-parser'
import type { CallContext } from './types'

/** Enough to understand what is wrong with one event; a hostile plan cannot flood the log. */
const MAX_FINDINGS_PER_EVENT = 25

/** The plan entry that describes the traits of each call type that carries traits. */
export const TRAITS_ENTRY: Readonly<Record<'identify' | 'group', string>> = {
  identify: '$identify',
  group: '$group',
}
const TRAITS_ENTRIES = new Set(Object.values(TRAITS_ENTRY))

/** A plan entry for traits (`$identify`, `$group`) rather than a track event name. */
export function isTraitsEntry(name: string): boolean {
  return TRAITS_ENTRIES.has(name)
}

export interface CompiledPlan {
  eventNames: string[]
  check(ctx: CallContext, event: unknown): Finding[]
}

type AnyAjv = Ajv | Ajv2019 | Ajv2020

function makeAjv(kind: 'draft7' | '2019' | '2020'): AnyAjv {
  // `pattern` and `patternProperties` come from the user's plan: they run on RE2 (linear time), not RegExp.
  const options = {
    allErrors: true,
    strict: false,
    allowUnionTypes: true,
    validateFormats: true,
    code: { regExp: linearRegExp },
  }
  const ajv =
    kind === '2020' ? new Ajv2020(options) : kind === '2019' ? new Ajv2019(options) : new Ajv(options)
  addFormats(ajv as Ajv)
  return ajv
}

function draftOf(schema: unknown): 'draft7' | '2019' | '2020' {
  const id = schema && typeof schema === 'object' ? (schema as Record<string, unknown>)['$schema'] : undefined
  if (typeof id === 'string' && id.includes('2020-12')) return '2020'
  if (typeof id === 'string' && id.includes('2019-09')) return '2019'
  return 'draft7'
}

export function compilePlan(plan: ParsedPlan): { compiled: CompiledPlan | null; errors: PlanError[] } {
  const errors: PlanError[] = []
  const validators = new Map<string, ValidateFunction>()
  const instances = new Map<string, AnyAjv>()
  for (const [name, schema] of plan.schemas) {
    const draft = draftOf(schema)
    let ajv = instances.get(draft)
    if (!ajv) {
      ajv = makeAjv(draft)
      instances.set(draft, ajv)
    }
    try {
      validators.set(name, ajv.compile(schema as object))
    } catch (error) {
      errors.push({
        location: pointer(name),
        message: `The schema for "${name}" does not compile: ${(error as Error).message}`,
      })
    }
  }
  if (errors.length > 0) return { compiled: null, errors }
  const eventNames = [...validators.keys()]
  return {
    errors,
    compiled: {
      eventNames,
      check: (ctx, event) => checkEvent(validators, ctx, event),
    },
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}

function checkEvent(validators: Map<string, ValidateFunction>, ctx: CallContext, event: unknown): Finding[] {
  if (!isRecord(event) || validators.size === 0) return []
  if (ctx.callType === 'identify' || ctx.callType === 'group') {
    const entry = TRAITS_ENTRY[ctx.callType]
    const validate = validators.get(entry)
    if (!validate) return []
    return checkObject(validate, entry, 'traits', event['traits'])
  }
  if (ctx.callType !== 'track') return []
  const nameField = 'event_name' in event ? 'event_name' : 'event'
  const name = event[nameField]
  if (typeof name !== 'string' || name.trim() === '') return []
  // `$identify` and `$group` describe traits; a track event by that name is not planned.
  const validate = isTraitsEntry(name) ? undefined : validators.get(name)
  if (!validate) {
    return [
      finding('plan.unplanned-event', `/${nameField}`, `"${name}" is not an event in the tracking plan.`),
    ]
  }
  return checkObject(validate, name, 'properties', event['properties'])
}

/** An event's `properties` or a call's `traits` against its schema; a non-object is the spec's to report. */
function checkObject(validate: ValidateFunction, name: string, member: Member, value: unknown): Finding[] {
  const obj = value === undefined ? {} : value
  if (!isRecord(obj)) return []
  if (validate(obj)) return []
  return (validate.errors ?? []).slice(0, MAX_FINDINGS_PER_EVENT).map((e) => toFinding(name, member, obj, e))
}

type Member = 'properties' | 'traits'

function valueAt(root: unknown, path: string): unknown {
  if (path === '') return root
  let cur: unknown = root
  for (const raw of path.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    if (cur === null || typeof cur !== 'object') return undefined
    cur = (cur as Record<string, unknown>)[key]
  }
  return cur
}

function labelOf(member: Member, path: string): string {
  return path === '' ? member : path.slice(1).replace(/\//g, '.')
}

function show(v: unknown): string {
  const text = JSON.stringify(v) ?? String(v)
  return text.length > 60 ? `${text.slice(0, 60)}…` : text
}

function typeName(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number'
  return typeof v
}

function toFinding(event: string, member: Member, props: Record<string, unknown>, e: ErrorObject): Finding {
  const base = `/${member}${e.instancePath}`
  const label = (path: string): string => labelOf(member, path)
  const subject = isTraitsEntry(event) ? `${event.slice(1)} calls` : `"${event}"`
  const params = e.params as Record<string, unknown>
  switch (e.keyword) {
    case 'required': {
      const missing = String(params['missingProperty'])
      return finding(
        'plan.required',
        `${base}/${pointerToken(missing)}`,
        `"${label(`${e.instancePath}/${missing}`)}" is required by the tracking plan for ${subject} but missing.`,
      )
    }
    case 'type': {
      const value = valueAt(props, e.instancePath)
      return finding(
        'plan.type',
        base,
        `"${label(e.instancePath)}" must be ${String(params['type']).replace(/,/g, ' or ')}, got ${typeName(value)} ${show(value)}.`,
      )
    }
    case 'enum':
    case 'const': {
      const value = valueAt(props, e.instancePath)
      const allowed = e.keyword === 'enum' ? (params['allowedValues'] as unknown[]) : [params['allowedValue']]
      return finding(
        'plan.allowed',
        base,
        `${show(value)} is not allowed for "${label(e.instancePath)}"; the plan allows ${allowed.map(show).join(', ')}.`,
      )
    }
    case 'additionalProperties': {
      const extra = String(params['additionalProperty'])
      return finding(
        'plan.unplanned-property',
        `${base}/${pointerToken(extra)}`,
        `"${label(`${e.instancePath}/${extra}`)}" is not in the tracking plan for ${subject}.`,
      )
    }
    default:
      return finding(
        'plan.schema',
        base,
        `"${label(e.instancePath)}" ${e.message ?? 'fails the plan schema'}.`,
      )
  }
}

/** ajv's RegExp engine hook; `code` is only read when generating standalone code, which this app never does. */
const linearRegExp = Object.assign((pattern: string) => compileLinear(pattern), {
  code: 'compileLinear',
})
