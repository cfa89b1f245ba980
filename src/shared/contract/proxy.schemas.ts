import { z } from 'zod'
import type { ProxyMethods } from './proxy'

/** `api.example.com` or `*.example.com`: a host name, lower case, optionally a leading wildcard label. */
export const hostPatternSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(\*\.)?([a-z0-9-]+\.)*[a-z0-9-]+$/, 'a host such as api.example.com, or *.example.com')
  .max(253)

export const proxySchemas = {
  'proxy.browsers': z.object({}).strict(),
  'proxy.openBrowser': z
    .object({
      browserId: z.string().max(40).optional(),
      url: z
        .url({ protocol: /^https?$/, message: 'an http(s) URL' })
        .max(4000)
        .optional(),
      headless: z.boolean().optional(),
    })
    .strict(),
  'proxy.status': z.object({}).strict(),
  'proxy.setTrackHosts': z.object({ hosts: z.array(hostPatternSchema).max(100) }).strict(),
  'proxy.regenerateCa': z.object({}).strict(),
} satisfies { [M in keyof ProxyMethods]: z.ZodType }
