/**
 * Scoping captured calls to one test. A test runner (the Playwright
 * fixture, or any client) sends this header with each call it passes to
 * the capture port; the call's rows keep its value, and waits and queries
 * can ask for that test's calls only, so parallel workers and retries
 * sharing one debugger never see each other's events.
 *
 * The header is the debugger's own: it is never forwarded upstream.
 */
import type { HeaderPair } from './model'

export const TEST_ID_HEADER = 'x-track-debugger-test'
export const MAX_TEST_ID_LENGTH = 200

/** The test id a request carried, cut to a bounded length; null when it carried none. */
export function testIdOf(headers: readonly HeaderPair[]): string | null {
  for (const [name, value] of headers)
    if (name.length === TEST_ID_HEADER.length && name.toLowerCase() === TEST_ID_HEADER)
      return value.trim().slice(0, MAX_TEST_ID_LENGTH) || null
  return null
}
