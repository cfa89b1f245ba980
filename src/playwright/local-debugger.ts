/**
 * A debugger of the worker's own: the engine under plain Node, in the
 * Playwright worker's process, on free loopback ports, with a log in a
 * temporary folder that goes away with the worker. Its automation API is
 * served like `track-debugger serve`'s, with a random token, so the
 * fixture speaks to it exactly as it speaks to a debugger the user runs.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ValidationMode } from '../shared/contract/validation'
import { createEngine, type TrackEngine } from '../main/engine/engine'
import { automationRoutes } from '../main/headless/automation/automation-routes'
import { UiServer } from '../main/headless/ui-server'
import { readVersion } from '../main/headless/version'

export interface LocalDebugger {
  engine: TrackEngine
  captureUrl: string
  apiUrl: string
  /** The debugger's UI for this worker, token included: open it to watch a test's calls. */
  uiUrl: string
  token: string
  close(): Promise<void>
}

export class PlanError extends Error {}

export async function startLocalDebugger(opts: {
  plan: string | undefined
  validation: ValidationMode
}): Promise<LocalDebugger> {
  const dataDir = mkdtempSync(join(tmpdir(), 'track-debugger-pw-'))
  const token = randomBytes(24).toString('base64url')
  const engine = createEngine({ dataDir, capturePort: 0, version: readVersion(), transport: 'http' })
  const ui = new UiServer({
    engine,
    host: '127.0.0.1',
    port: 0,
    token,
    staticDir: join(import.meta.dirname, '../renderer'),
    routes: [automationRoutes(engine)],
  })
  const close = async (): Promise<void> => {
    await ui.close()
    await engine.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
  try {
    await engine.start()
    await ui.listen()
    await engine.call('validation.mode.set', { mode: opts.validation })
    if (opts.plan !== undefined) {
      let source: string
      try {
        source = readFileSync(opts.plan, 'utf8')
      } catch (error) {
        throw new PlanError(
          `trackPlan ${opts.plan}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}.`,
        )
      }
      const saved = await engine.call('plan.save', { source })
      if (!saved.ok)
        throw new PlanError(
          `trackPlan ${opts.plan} has errors:\n${saved.errors.map((e) => `  ${e.location}: ${e.message}`).join('\n')}`,
        )
    }
  } catch (error) {
    await close()
    throw error
  }
  return {
    engine,
    captureUrl: engine.info.captureUrl,
    apiUrl: ui.baseUrl,
    uiUrl: ui.url,
    token,
    close,
  }
}
