/** The send domain: environments, capture mode, edit & resend, composer collections, copy as. */
import type { SendMethods } from '../../../shared/contract/send.schemas'
import type { CopyFormat } from '../../../shared/contract/send'
import type { CallType } from '../../../shared/model'
import type { EngineContext, HandlerMap } from '../context'
import { SNIPPETS } from '../send/copy-as'
import { checkDraft } from '../send/draft-check'
import { callPath, upstreamUrl } from '../send/outgoing'
import { SendQueries } from '../send/send-queries'
import type { SendService } from '../send/send-service'
import { BadInputError } from '../errors'
import type { Validator } from '../validate/types'
import { isTraitsEntry } from '../validate/plan-checker'

export function sendHandlers(
  ctx: EngineContext,
  service: SendService,
  validator: () => Validator,
): HandlerMap<keyof SendMethods> {
  const queries = new SendQueries(ctx.db)
  const snippet = (
    environmentId: string,
    callType: CallType,
    body: string,
    format: CopyFormat,
    reveal: boolean,
  ): { text: string } => {
    if (callType !== 'track' && callType !== 'identify' && callType !== 'group')
      throw new BadInputError(
        `A ${callType} call has no curl or SDK form; only track, identify and group do.`,
      )
    const env = service.environment(environmentId)
    const input = {
      url: upstreamUrl(env.baseUrl, callPath(callType)).href,
      callType,
      body,
      creds: service.credentials(env.id),
      reveal,
      baseUrl: env.baseUrl,
    }
    return { text: SNIPPETS[format](input) }
  }

  return {
    'environments.list': () => service.listEnvironments(),
    'environments.save': (input) => service.saveEnvironment(input),
    'environments.delete': ({ id }) => ({ deleted: service.deleteEnvironment(id) }),
    'environments.setCredentials': (input) => service.setCredentials(input),
    'capture.getMode': () => service.modeState(),
    'capture.setMode': (patch) => service.setMode(patch),
    'send.request': (input) => service.send(input),
    'send.batch': (input) => service.batch(input),
    'send.validate': ({ callType, body }) => checkDraft(callType as CallType, body, validator()),
    'send.exchange': ({ requestId }) => service.exchanges.get(requestId),
    'send.related': ({ requestId }) => queries.related(requestId),
    'send.copyAs': ({ requestId, format, environmentId, revealSecrets }) => {
      const request = ctx.requests.get(requestId)
      if (!request) throw new BadInputError(`There is no request ${requestId}.`)
      return snippet(environmentId, request.callType, request.bodyText, format, revealSecrets === true)
    },
    'send.copyDraft': ({ callType, body, format, environmentId, revealSecrets }) =>
      snippet(environmentId, callType, body, format, revealSecrets === true),
    'send.vocabulary': () => {
      // The log's names plus the tracking plan's, so autocomplete offers what should be sent as well as what was.
      const seen = queries.vocabulary()
      const plan = ctx.validation.plan
      if (!plan) return seen
      const props = plan.rows
        .map((r) => r.property)
        .filter((p): p is string => p !== null && !p.includes('/'))
      return {
        eventNames: [
          ...new Set([...plan.eventNames.filter((n) => !isTraitsEntry(n)), ...seen.eventNames]),
        ].sort(),
        propertyNames: [...new Set([...props, ...seen.propertyNames])].sort(),
      }
    },
    'collections.list': () => service.collections.list(),
    'collections.save': (input) => {
      try {
        return service.collections.save(input)
      } catch (error) {
        throw new BadInputError((error as Error).message)
      }
    },
    'collections.delete': ({ id }) => ({ deleted: service.collections.delete(id) }),
  }
}
