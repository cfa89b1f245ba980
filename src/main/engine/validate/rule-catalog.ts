/**
 * Every rule a finding can name, with its stable id. Ids are stored in the
 * log and used by the stream's rule filter, so they never change meaning;
 * a retired rule keeps its id reserved.
 */
import type { RuleInfo } from '../../../shared/contract/validation'

export const RULES = [
  // Capture: what the HTTP layer saw before any JSON.
  {
    id: 'http.path',
    severity: 'error',
    source: 'capture',
    description: 'Unknown path: not /track, /identify, /group or /subscriptionStatus.',
  },
  { id: 'http.method', severity: 'error', source: 'capture', description: 'Wrong HTTP method for the path.' },
  {
    id: 'http.content-type',
    severity: 'warning',
    source: 'capture',
    description: 'Content-Type is missing or not JSON (text/plain beacons are accepted).',
  },
  {
    id: 'http.malformed',
    severity: 'error',
    source: 'capture',
    description: 'The HTTP request itself could not be parsed.',
  },
  {
    id: 'http.timeout',
    severity: 'error',
    source: 'capture',
    description: 'The client stalled: headers or body did not arrive in time.',
  },
  {
    id: 'body.too-large',
    severity: 'error',
    source: 'capture',
    description: 'Body over the limit (the API refuses more than 2 MB).',
  },
  {
    id: 'body.bad-encoding',
    severity: 'error',
    source: 'capture',
    description: 'Content-Encoding says gzip/deflate/br but the bytes do not decode.',
  },
  {
    id: 'body.unsupported-encoding',
    severity: 'error',
    source: 'capture',
    description: 'Content-Encoding other than gzip, deflate or br.',
  },
  {
    id: 'body.aborted',
    severity: 'error',
    source: 'capture',
    description: 'The client closed the connection before the body ended.',
  },
  { id: 'body.empty', severity: 'error', source: 'capture', description: 'Empty body.' },
  { id: 'body.utf8', severity: 'error', source: 'capture', description: 'The body is not valid UTF-8.' },
  {
    id: 'body.bom',
    severity: 'warning',
    source: 'capture',
    description: 'The body starts with a byte-order mark.',
  },
  { id: 'json.syntax', severity: 'error', source: 'capture', description: 'The body is not valid JSON.' },
  {
    id: 'json.depth',
    severity: 'error',
    source: 'capture',
    description: 'JSON nested deeper than 256 levels.',
  },
  {
    id: 'json.duplicate-key',
    severity: 'warning',
    source: 'capture',
    description: 'An object repeats a key; only the last value counts.',
  },
  {
    id: 'json.unsafe-integer',
    severity: 'warning',
    source: 'capture',
    description: 'An integer beyond 2^53 loses precision once parsed.',
  },
  // Spec: the Track API as the SDKs send it (TRACK-API.md).
  {
    id: 'body.shape',
    severity: 'error',
    source: 'spec',
    description: 'The body is not a JSON array of events (or one event object).',
  },
  {
    id: 'body.single-object',
    severity: 'info',
    source: 'spec',
    description: 'One object instead of an array (older clients).',
  },
  { id: 'body.empty-array', severity: 'error', source: 'spec', description: 'The array holds no events.' },
  {
    id: 'body.too-many-events',
    severity: 'error',
    source: 'spec',
    description: 'More than 1,000 events in one request.',
  },
  {
    id: 'event.not-object',
    severity: 'error',
    source: 'spec',
    description: 'An event is not a JSON object.',
  },
  {
    id: 'event_name.required',
    severity: 'error',
    source: 'spec',
    description: 'event_name missing or not a non-empty string.',
  },
  {
    id: 'event_name.legacy-field',
    severity: 'warning',
    source: 'spec',
    description: 'Uses the older "event" field instead of "event_name".',
  },
  { id: 'user_id.type', severity: 'error', source: 'spec', description: 'user_id is not a string.' },
  {
    id: 'user_id.required',
    severity: 'error',
    source: 'spec',
    description: 'identify without a non-empty user_id.',
  },
  {
    id: 'user_id.anonymous-no-device',
    severity: 'warning',
    source: 'spec',
    description: 'Anonymous call (no user_id) without context.device_id.',
  },
  {
    id: 'group_id.required',
    severity: 'error',
    source: 'spec',
    description: 'group without a non-empty group_id.',
  },
  {
    id: 'traits.required',
    severity: 'error',
    source: 'spec',
    description: 'identify or group without traits.',
  },
  {
    id: 'field.not-object',
    severity: 'error',
    source: 'spec',
    description: 'properties, context or traits is not an object.',
  },
  {
    id: 'context.field-type',
    severity: 'error',
    source: 'spec',
    description: 'context.group_id, device_id, session_id or source is not a string.',
  },
  {
    id: 'timestamp.missing',
    severity: 'warning',
    source: 'spec',
    description: 'No timestamp; the SDKs always send one.',
  },
  {
    id: 'timestamp.format',
    severity: 'error',
    source: 'spec',
    description: 'timestamp is not ISO-8601 with a time zone.',
  },
  {
    id: 'timestamp.skew',
    severity: 'warning',
    source: 'spec',
    description: 'timestamp more than 24 hours from when the call arrived.',
  },
  {
    id: 'field.unknown',
    severity: 'warning',
    source: 'spec',
    description: 'A top-level field the API does not know.',
  },
  // Tracking plan.
  {
    id: 'plan.unplanned-event',
    severity: 'warning',
    source: 'plan',
    description: 'An event name the tracking plan does not list.',
  },
  {
    id: 'plan.required',
    severity: 'error',
    source: 'plan',
    description: 'A property (or an identify/group trait) the plan requires is missing.',
  },
  {
    id: 'plan.type',
    severity: 'error',
    source: 'plan',
    description: 'A property or trait has the wrong type for the plan.',
  },
  { id: 'plan.allowed', severity: 'error', source: 'plan', description: 'A value the plan does not allow.' },
  {
    id: 'plan.unplanned-property',
    severity: 'warning',
    source: 'plan',
    description: 'A property (or trait) the plan does not list for this event (or call type).',
  },
  {
    id: 'plan.schema',
    severity: 'error',
    source: 'plan',
    description: 'Another constraint of the event’s JSON Schema failed.',
  },
] as const satisfies readonly RuleInfo[]

export type RuleId = (typeof RULES)[number]['id']

export function ruleCatalog(): RuleInfo[] {
  return RULES.map((r) => ({ ...r }))
}
