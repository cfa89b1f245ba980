import type { ProxyMethods } from '../../../shared/contract/proxy.schemas'
import type { ProxyStatus } from '../../../shared/contract/proxy'
import type { HandlerMap } from '../context'
import { BadInputError } from '../errors'
import type { ProxyService } from '../proxy/proxy-service'

const OFF: ProxyStatus = {
  url: null,
  port: null,
  error: 'The capture proxy is off in this run (start with --proxy-port to turn it on).',
  ca: null,
  trackHosts: [],
  environmentHosts: [],
  hosts: [],
  clients: [],
}

export function proxyHandlers(proxy: () => ProxyService | null): HandlerMap<keyof ProxyMethods> {
  const on = (): ProxyService => {
    const p = proxy()
    if (!p) throw new BadInputError(OFF.error as string)
    return p
  }
  return {
    'proxy.status': () => proxy()?.status() ?? OFF,
    'proxy.browsers': () => on().browsers(),
    'proxy.openBrowser': (input) => on().openBrowser(input),
    'proxy.setTrackHosts': ({ hosts }) => on().setTrackHosts(hosts),
    'proxy.regenerateCa': () => on().regenerateCa(),
  }
}
