import { z } from 'zod'
import { CALL_TYPES } from '../model'
import { COPY_FORMATS, type CopyFormat, type SendMethods } from './send'

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

export const sendSchemas = {
  'environments.list': empty,
  'environments.save': z
    .object({
      id: environmentId.optional(),
      name: z.string().trim().min(1).max(80),
      baseUrl: httpUrl,
      variables: z.record(variableName, z.string().max(10_000)),
    })
    .strict(),
  'environments.delete': z.object({ id: environmentId }).strict(),
  'environments.setCredentials': z
    .object({
      id: environmentId,
      apiKey: secret.nullable().optional(),
      bearerToken: secret.nullable().optional(),
    })
    .strict(),
  'capture.getMode': empty,
  'capture.setMode': z
    .object({
      mode: z.enum(['capture', 'forward', 'fault']).optional(),
      upstreamEnvironmentId: environmentId.optional(),
      fault: faultSchema.partial().optional(),
    })
    .strict(),
  'send.request': z
    .object({
      environmentId,
      callType: sendCallType,
      body: z.string().max(MAX_SEND_BODY_CHARS),
      origin: z.enum(['resend', 'composed']),
      parentRequestId: z.number().int().positive().optional(),
    })
    .strict(),
  'send.batch': z
    .object({
      environmentId,
      eventIds: z.array(z.number().int().positive()).min(1).max(1000),
      grouping: z.enum(['batch', 'each']),
    })
    .strict(),
  'send.validate': z
    .object({
      callType: z.enum(CALL_TYPES as [string, ...string[]]),
      body: z.string().max(MAX_SEND_BODY_CHARS),
    })
    .strict(),
  'send.exchange': z.object({ requestId: z.number().int().positive() }).strict(),
  'send.related': z.object({ requestId: z.number().int().positive() }).strict(),
  'send.copyAs': z
    .object({
      requestId: z.number().int().positive(),
      format: z.enum(COPY_FORMATS as [CopyFormat, ...CopyFormat[]]),
      environmentId,
      revealSecrets: z.boolean().optional(),
    })
    .strict(),
  'send.copyDraft': z
    .object({
      callType: sendCallType,
      body: z.string().max(MAX_SEND_BODY_CHARS),
      format: z.enum(COPY_FORMATS as [CopyFormat, ...CopyFormat[]]),
      environmentId,
      revealSecrets: z.boolean().optional(),
    })
    .strict(),
  'send.vocabulary': empty,
  'collections.list': empty,
  'collections.save': z
    .object({
      id: z.number().int().positive().optional(),
      name: z.string().trim().min(1).max(120),
      collection: z.string().trim().min(1).max(80),
      callType: sendCallType,
      body: z.string().max(MAX_SEND_BODY_CHARS),
    })
    .strict(),
  'collections.delete': z.object({ id: z.number().int().positive() }).strict(),
} satisfies { [M in keyof SendMethods]: z.ZodType }
