/**
 * Append-only, numbered schema migrations, one file each. Never edit a
 * released entry: add a new file and list it here. Each runs in its own
 * transaction and is recorded in `schema_migrations`.
 */
import { eventLog } from './001-event-log'
import { trackingPlan } from './002-tracking-plan'
import { sendTables } from './003-send'
import { sessions } from './004-sessions'
import { search } from './005-search'
import { finalSessions } from './006-final-sessions'
import { answerTiming } from './007-answer-timing'
import { responseHeaders } from './008-response-headers'
import { testId } from './009-test-id'
import { searchProgress } from './010-search-progress'
import { bodyCut } from './011-body-cut'
import { searchDeleteMerge } from './012-search-delete-merge'
import { headerSets } from './013-header-sets'
import { searchMergeSteps } from './014-search-merge-steps'
import { partialStatusType } from './015-partial-status-type'
import { eventPacks } from './016-event-packs'
import type { Migration } from './types'

export type { Migration }

export const MIGRATIONS: readonly Migration[] = [
  eventLog,
  trackingPlan,
  sendTables,
  sessions,
  search,
  finalSessions,
  answerTiming,
  responseHeaders,
  testId,
  searchProgress,
  bodyCut,
  searchDeleteMerge,
  headerSets,
  searchMergeSteps,
  partialStatusType,
  eventPacks,
]
