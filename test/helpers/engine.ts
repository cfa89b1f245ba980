/** Starts a real engine (real SQLite file, capture server on port 0) in a temp folder. */
import { createEngine, type TrackEngine } from '../../src/main/engine/engine'
import { tempDir } from './temp-dir'

export { cleanup, tempDir } from './temp-dir'
export { trackEvent } from './track-event'

export interface TestEngine {
  engine: TrackEngine
  dataDir: string
  /** e.g. http://127.0.0.1:54321/api */
  captureUrl: string
  stop(): Promise<void>
}

export async function startEngine(dataDir = tempDir()): Promise<TestEngine> {
  const engine = createEngine({ dataDir, capturePort: 0, version: 'test', transport: 'http' })
  await engine.start()
  return {
    engine,
    dataDir,
    captureUrl: engine.info.captureUrl,
    async stop() {
      await engine.close()
    },
  }
}

export async function post(
  url: string,
  body: string | Buffer | Uint8Array,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Promise<{ status: number; json: unknown; headers: Headers }> {
  const res = await fetch(url, { method: 'POST', body, headers })
  const text = await res.text()
  let json: unknown = null
  try {
    json = text ? JSON.parse(text) : null
  } catch {
    json = text
  }
  return { status: res.status, json, headers: res.headers }
}
