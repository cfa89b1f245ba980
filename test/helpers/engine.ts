/** Starts a real engine (real SQLite file, capture server on port 0) in a temp folder. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createEngine, type TrackEngine } from '../../src/main/engine/engine'

export interface TestEngine {
  engine: TrackEngine
  dataDir: string
  /** e.g. http://127.0.0.1:54321/api */
  captureUrl: string
  stop(): Promise<void>
}

export function tempDir(prefix = 'td-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
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

export function cleanup(dir: string): void {
  rmSync(dir, { recursive: true, force: true })
}

/** A track event shaped like the browser SDK sends it. */
export function trackEvent(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    event_name: name,
    properties: { plan: 'pro', email: 'ada@example.com', name: 'Ada Lovelace' },
    user_id: 'user_123',
    context: {
      group_id: 'acct_9',
      device_id: 'd_5f2c',
      session_id: 'session_k3j9x2a1b7q',
      source: 'product',
    },
    timestamp: new Date().toISOString(),
    ...extra,
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
