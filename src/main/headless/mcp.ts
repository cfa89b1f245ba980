/**
 * `track-debugger mcp`: the event log as read-only tools for an AI coding
 * assistant (Model Context Protocol over stdio), so it can check the
 * instrumentation it just wrote: which events arrived, what one held, what
 * was wrong with it, and how a QA session's checklist stands.
 *
 * Threat model: stdio only, so only the process that started it (the
 * assistant, on this machine, as this user) can ask; nothing listens on a
 * port. The log is opened read-only beside the app that writes it: no tool
 * can change, delete, send or export anything. Secrets were masked when the
 * calls were logged, so no tool can reveal one. Inputs are checked by the
 * tools' schemas; answers are bounded in size.
 */
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js'
import { z } from 'zod'
import { CALL_TYPES, STATUSES, type EventQuery } from '../../shared/model'
import { openLogReadOnly, type Db } from '../engine/db/database'
import { EventRepository } from '../engine/db/event-repository'
import { RequestRepository } from '../engine/db/request-repository'
import { eventDetail, readEvent } from '../engine/handlers/stream-handlers'
import { defaultDataDir, DB_FILE_NAME } from '../engine/paths'
import { SessionService } from '../engine/sessions/session-service'
import { summarize } from '../engine/db/event-summary'

export const MCP_HELP = `Usage: track-debugger mcp [--data-dir <dir>]

Serves the event log to an AI coding assistant over stdio (Model Context
Protocol), read-only: list and search events, read one with its findings, list
QA sessions and their verdicts. Runs beside the desktop app or \`serve\`, on the
same data folder, and sees calls as they are captured.

Add it to the assistant's MCP servers as the command:
  npx track-debugger mcp

Options:
  --data-dir <dir>  the data folder of the log to read (default: the app's,
                    $XDG_DATA_HOME/track-debugger or ~/.local/share/track-debugger)
`

/** An answer's JSON text is cut past this, saying so: an assistant's context is small. */
const MAX_ANSWER_CHARS = 200_000
/** A request body quoted in `get_event` is cut past this. */
const MAX_BODY_CHARS = 20_000

export function parseMcpArgs(argv: string[], env: NodeJS.ProcessEnv): { dataDir: string } | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: { 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  })
  if (values.help) return 'help'
  return { dataDir: values['data-dir'] ?? defaultDataDir(env) }
}

function answer(value: unknown): { content: { type: 'text'; text: string }[] } {
  let text = JSON.stringify(value, null, 1)
  if (text.length > MAX_ANSWER_CHARS)
    text = `${text.slice(0, MAX_ANSWER_CHARS)}\n… cut at ${MAX_ANSWER_CHARS.toLocaleString('en')} characters: ask for fewer (limit) or one event at a time.`
  return { content: [{ type: 'text', text }] }
}

function notFound(message: string): { content: { type: 'text'; text: string }[]; isError: true } {
  return { content: [{ type: 'text', text: message }], isError: true }
}

const list = <T extends string>(values: readonly T[]) =>
  z.array(z.enum(values as [T, ...T[]])).max(values.length)

/** The MCP server over a read-only log: the tools, not yet connected to a transport. */
export function createMcpServer(db: Db, version: string): McpServer {
  const events = new EventRepository(db)
  const requests = new RequestRepository(db)
  const sessions = new SessionService(db)
  const server = new McpServer({ name: 'track-debugger', version })
  const readOnly = { readOnlyHint: true, openWorldHint: false } as const

  server.registerTool(
    'list_events',
    {
      title: 'List captured events',
      description:
        'Captured Track calls, newest first: id, time, call type, event name, user id, validation status ' +
        '(valid, warnings, invalid, unchecked) and finding count. Narrow by name, type, status, QA session, or the ' +
        "debugger's filter language (e.g. `prop.plan:pro status:invalid`, free words search names, ids and properties). " +
        "Page with `before` = the previous answer's nextBefore.",
      inputSchema: {
        event_name: z
          .array(z.string().max(200))
          .max(50)
          .optional()
          .describe('exact names; a trailing * is a prefix'),
        type: list(CALL_TYPES).optional(),
        status: list(STATUSES).optional(),
        session: z.number().int().positive().optional().describe('only events of this QA session'),
        filter: z.string().max(2000).optional().describe("the stream's filter language"),
        limit: z.number().int().min(1).max(200).default(50),
        before: z.number().int().positive().optional(),
      },
      annotations: readOnly,
    },
    (input) => {
      const query: EventQuery = {
        eventNames: input.event_name,
        callTypes: input.type,
        statuses: input.status,
        session: input.session,
        q: input.filter,
        limit: input.limit,
        before: input.before,
      }
      const page = events.list(query)
      return answer({
        items: page.items.map((e) => ({
          id: e.id,
          receivedAt: new Date(e.receivedAt).toISOString(),
          callType: e.callType,
          eventName: e.eventName,
          userId: e.userId,
          status: e.planOnly ? 'off-plan' : e.status,
          findings: e.findingCount,
          answeredWith: e.responseStatus,
          origin: e.origin,
        })),
        total: page.total,
        totalIsExact: page.totalIsExact,
        nextBefore: page.nextBefore,
      })
    },
  )

  server.registerTool(
    'get_event',
    {
      title: 'Read one event',
      description:
        'One captured event by id: its JSON as sent, its validation findings (rule, path, message, severity: spec ' +
        'errors make the real API answer 400; rules starting plan. come from the tracking plan), and the call it ' +
        'came in (method, path, headers with secrets masked, the answer given).',
      inputSchema: { id: z.number().int().positive() },
      annotations: readOnly,
    },
    ({ id }) => {
      const detail = eventDetail({ events, requests }, id)
      const event = readEvent({ events }, id)
      if (!detail || !event) return notFound(`There is no event ${id} in the log (it may have been cleared).`)
      const r = detail.request
      const body = r.bodyText.length > MAX_BODY_CHARS ? `${r.bodyText.slice(0, MAX_BODY_CHARS)}…` : r.bodyText
      return answer({
        ...event,
        planOnly: detail.planOnly,
        positionInBatch: detail.index,
        request: {
          id: r.id,
          method: r.method,
          path: r.path + r.query,
          headers: r.headers,
          contentType: r.contentType,
          bodySize: r.bodySize,
          body,
          events: r.eventCount,
          answeredWith: r.responseStatus,
          answerBody: r.responseBody,
          latencyMs: r.latencyMs,
          error: r.error,
        },
      })
    },
  )

  server.registerTool(
    'summarize_events',
    {
      title: 'Summarize the log',
      description:
        'Counts of captured events by status, by call type and by event name (with how many of each were ' +
        'invalid), for the whole log, a QA session or a time range: a quick look at what an app sends.',
      inputSchema: {
        session: z.number().int().positive().optional(),
        since: z.string().datetime({ offset: true }).optional().describe('ISO-8601, inclusive'),
        until: z.string().datetime({ offset: true }).optional().describe('ISO-8601, exclusive'),
      },
      annotations: readOnly,
    },
    async (input) =>
      answer(
        await summarize(
          { db },
          {
            session: input.session,
            since: input.since === undefined ? undefined : Date.parse(input.since),
            until: input.until === undefined ? undefined : Date.parse(input.until),
          },
        ),
      ),
  )

  server.registerTool(
    'list_sessions',
    {
      title: 'List QA sessions',
      description:
        'QA verification sessions, newest first, with their state (running or stopped) and how many expectations ' +
        'are met, failed and pending.',
      annotations: readOnly,
    },
    () => answer(sessions.list()),
  )

  server.registerTool(
    'get_session',
    {
      title: 'Read one QA session',
      description:
        "One QA session's checklist with a verdict per expectation (met, failed, pending), the reason in words, " +
        'the matched event ids and the nearest misses field by field. A stopped session reads as it was at stop.',
      inputSchema: { id: z.number().int().positive() },
      annotations: readOnly,
    },
    ({ id }) => {
      const session = sessions.get(id)
      return session ? answer(session) : notFound(`There is no session ${id}.`)
    },
  )

  return server
}

/** Runs until the client closes stdin. Nothing but the protocol is written to stdout. */
export async function runMcp(dataDir: string, version: string): Promise<number> {
  let db: Db
  try {
    db = openLogReadOnly(join(dataDir, DB_FILE_NAME))
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`)
    return 1
  }
  const server = createMcpServer(db, version)
  const transport = new StdioServerTransport()
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve()
    process.stdin.once('end', () => resolve())
  })
  await server.connect(transport)
  await closed
  await server.close().catch(() => undefined)
  db.close()
  return 0
}
