/** The search domain: autocomplete for the stream's filter language. */
import type { SearchMethods } from '../../../shared/contract/search.schemas'
import type { EngineContext, HandlerMap } from '../context'
import { EventSuggest } from '../db/event-suggest'
import { ruleCatalog } from '../validate/rule-catalog'

export function searchHandlers(ctx: EngineContext): HandlerMap<keyof SearchMethods> {
  const suggest = new EventSuggest(ctx.db, { knownRules: () => ruleCatalog().map((r) => r.id) })
  return {
    'events.suggest': (input) => suggest.suggest(input),
  }
}
