import { z } from 'zod'
import { method, oneOf, returns, type MethodsOf, type ParsedOf } from './define'
import type {
  CaptureModeState,
  DraftCheck,
  EnvironmentView,
  RelatedEntries,
  SavedPayload,
  SendOutcome,
  UpstreamExchange,
  Vocabulary,
} from './send'
import { CALL_TYPES } from '../model'
import { COPY_FORMATS } from './send'

const empty = z.object({}).strict()
/** Bodies a user may edit and send: a little over the API's own 2 MB limit, so "too large" can be tested. */
export const MAX_SEND_BODY_CHARS = 3 * 1024 * 1024
const sendCallType = z.enum(['track', 'identify', 'group'])
const environmentId = z.string().min(1).max(64)
const httpUrl = z
  .string()
  .max(2048)
  .refine((v) => {
    try {
      const u = new URL(v)
      return (u.protocol === 'http:' || u.protocol === 'https:') && u.username === '' && u.password === ''
    } catch {
      return false
    }
  }, 'must be an http:// or https:// URL without user name or password')
const variableName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/, 'variable names are letters, digits, _ . -')
// Secrets: printable, no line breaks (they go into an HTTP header).
const secret = z
  .string()
  .min(1)
  .max(4096)
  .regex(/^[\x21-\x7e][\x20-\x7e]*$/, 'must be printable ASCII without line breaks')

const faultSchema = z
  .object({
    action: z.enum(['status', 'drop', 'none']),
    status: z.union([z.literal(400), z.literal(401), z.literal(429), z.literal(500), z.literal(503)]),
    retryAfterSeconds: z.number().int().min(0).max(86_400),
    delayMs: z.number().int().min(0).max(120_000),
    percent: z.number().min(0).max(100),
    eventName: z.string().max(200),
  })
  .strict()

export const faultConfigSchema = faultSchema
export const captureModeConfigSchema = z
  .object({
    mode: z.enum(['capture', 'forward', 'fault']),
    upstreamEnvironmentId: environmentId,
    fault: faultSchema,
  })
  .strict()

export const sendContract = {
  'environments.list': method(empty, returns<EnvironmentView[]>()),
  'environments.save': method(
    z
      .object({
        id: environmentId.optional(),
        name: z.string().trim().min(1).max(80),
        baseUrl: httpUrl,
        variables: z.record(variableName, z.string().max(10_000)),
      })
      .strict(),
    returns<EnvironmentView>(),
  ),
  'environments.delete': method(z.object({ id: environmentId }).strict(), returns<{ deleted: boolean }>()),
  'environments.setCredentials': method(
    z
      .object({
        id: environmentId,
        apiKey: secret.nullable().optional(),
        bearerToken: secret.nullable().optional(),
      })
      .strict(),
    returns<EnvironmentView>(),
  ),
  'capture.getMode': method(empty, returns<CaptureModeState>()),
  'capture.setMode': method(
    z
      .object({
        mode: z.enum(['capture', 'forward', 'fault']).optional(),
        upstreamEnvironmentId: environmentId.optional(),
        fault: faultSchema.partial().optional(),
      })
      .strict(),
    returns<CaptureModeState>(),
  ),
  'send.request': method(
    z
      .object({
        environmentId,
        callType: sendCallType,
        body: z.string().max(MAX_SEND_BODY_CHARS),
        origin: z.enum(['resend', 'composed']),
        parentRequestId: z.number().int().positive().optional(),
      })
      .strict(),
    returns<SendOutcome>(),
  ),
  'send.batch': method(
    z
      .object({
        environmentId,
        eventIds: z.array(z.number().int().positive()).min(1).max(1000),
        grouping: z.enum(['batch', 'each']),
      })
      .strict(),
    returns<SendOutcome[]>(),
  ),
  'send.validate': method(
    z
      .object({
        callType: oneOf(CALL_TYPES),
        body: z.string().max(MAX_SEND_BODY_CHARS),
      })
      .strict(),
    returns<DraftCheck>(),
  ),
  'send.exchange': method(
    z.object({ requestId: z.number().int().positive() }).strict(),
    returns<UpstreamExchange | null>(),
  ),
  'send.related': method(
    z.object({ requestId: z.number().int().positive() }).strict(),
    returns<RelatedEntries>(),
  ),
  'send.copyAs': method(
    z
      .object({
        requestId: z.number().int().positive(),
        format: oneOf(COPY_FORMATS),
        environmentId,
        revealSecrets: z.boolean().optional(),
      })
      .strict(),
    returns<{ text: string }>(),
  ),
  'send.copyDraft': method(
    z
      .object({
        callType: sendCallType,
        body: z.string().max(MAX_SEND_BODY_CHARS),
        format: oneOf(COPY_FORMATS),
        environmentId,
        revealSecrets: z.boolean().optional(),
      })
      .strict(),
    returns<{ text: string }>(),
  ),
  'send.vocabulary': method(empty, returns<Vocabulary>()),
  'collections.list': method(empty, returns<SavedPayload[]>()),
  'collections.save': method(
    z
      .object({
        id: z.number().int().positive().optional(),
        name: z.string().trim().min(1).max(120),
        collection: z.string().trim().min(1).max(80),
        callType: sendCallType,
        body: z.string().max(MAX_SEND_BODY_CHARS),
      })
      .strict(),
    returns<SavedPayload>(),
  ),
  'collections.delete': method(
    z.object({ id: z.number().int().positive() }).strict(),
    returns<{ deleted: boolean }>(),
  ),
}

/** The send domain's methods, as signatures: derived from the declaration above. */
export type SendMethods = MethodsOf<typeof sendContract>

/** The `send.request` input as the engine receives it (parsed): inferred from its schema. */
export type SendInput = ParsedOf<(typeof sendContract)['send.request']>
/** The `send.batch` input as the engine receives it (parsed): inferred from its schema. */
export type BatchInput = ParsedOf<(typeof sendContract)['send.batch']>
/** The `send.copyAs` input as the engine receives it (parsed): inferred from its schema. */
export type CopyAsInput = ParsedOf<(typeof sendContract)['send.copyAs']>
/** The `send.copyDraft` input as the engine receives it (parsed): inferred from its schema. */
export type CopyDraftInput = ParsedOf<(typeof sendContract)['send.copyDraft']>
/** The `collections.save` input as the engine receives it (parsed): inferred from its schema. */
export type SavedPayloadInput = ParsedOf<(typeof sendContract)['collections.save']>
/** The `environments.save` input as the engine receives it (parsed): inferred from its schema. */
export type EnvironmentInput = ParsedOf<(typeof sendContract)['environments.save']>
/** The `environments.setCredentials` input as the engine receives it (parsed): inferred from its schema. */
export type CredentialsInput = ParsedOf<(typeof sendContract)['environments.setCredentials']>
/** The `capture.setMode` input as the engine receives it (parsed): inferred from its schema. */
export type CaptureModePatch = ParsedOf<(typeof sendContract)['capture.setMode']>
