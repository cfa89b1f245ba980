/** The search domain: autocomplete for the stream's filter language. */
import type { SearchMethods } from '../../../shared/contract/search.schemas'
import type { EngineContext, HandlerMap } from '../context'
import { EventSuggest } from '../db/event-suggest'

export function searchHandlers(ctx: EngineContext): HandlerMap<keyof SearchMethods> {
  const suggest = new EventSuggest(ctx.db)
  return {
    'events.suggest': (input) => suggest.suggest(input),
  }
}
