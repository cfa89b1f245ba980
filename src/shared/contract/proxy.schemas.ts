import { z } from 'zod'
import { method, returns, type MethodsOf, type ParsedOf } from './define'
import type { BrowserCandidate, ProxyStatus } from './proxy'

/** `api.example.com` or `*.example.com`: a host name, lower case, optionally a leading wildcard label. */
export const hostPatternSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(\*\.)?([a-z0-9-]+\.)*[a-z0-9-]+$/, 'a host such as api.example.com, or *.example.com')
  .max(253)

export const proxyContract = {
  'proxy.browsers': method(z.object({}).strict(), returns<BrowserCandidate[]>()),
  'proxy.openBrowser': method(
    z
      .object({
        browserId: z.string().max(40).optional(),
        url: z
          .url({ protocol: /^https?$/, message: 'an http(s) URL' })
          .max(4000)
          .optional(),
        headless: z.boolean().optional(),
      })
      .strict(),
    returns<{ browser: string; pid: number }>(),
  ),
  'proxy.status': method(z.object({}).strict(), returns<ProxyStatus>()),
  'proxy.setTrackHosts': method(
    z.object({ hosts: z.array(hostPatternSchema).max(100) }).strict(),
    returns<ProxyStatus>(),
  ),
  'proxy.regenerateCa': method(z.object({}).strict(), returns<ProxyStatus>()),
}

/** The proxy domain's methods, as signatures: derived from the declaration above. */
export type ProxyMethods = MethodsOf<typeof proxyContract>

/** The `proxy.openBrowser` input as the engine receives it (parsed): inferred from its schema. */
export type OpenBrowserInput = ParsedOf<(typeof proxyContract)['proxy.openBrowser']>
