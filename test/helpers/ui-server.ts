/** A real engine with the headless UI server in front of it, on loopback port 0, and raw requests to it. */
import { mkdirSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { dirname, join } from 'node:path'
import type { TrackEngine } from '../../src/main/engine/engine'
import { UiServer, type ExtraRoute } from '../../src/main/headless/ui-server'
import { cleanup, tempDir } from './temp-dir'
import { startEngine, type TestEngine } from './engine'

export interface TestUi {
  t: TestEngine
  ui: UiServer
  /** Closes the server and the engine and removes both folders. */
  stop(): Promise<void>
}

export async function startUi(opts: {
  token: string
  /** Static files to serve, by path relative to the UI folder. */
  files?: Record<string, string>
  routes?: (engine: TrackEngine) => ExtraRoute[]
}): Promise<TestUi> {
  const t = await startEngine()
  const staticDir = tempDir('td-static-')
  for (const [path, content] of Object.entries(opts.files ?? {})) {
    mkdirSync(dirname(join(staticDir, path)), { recursive: true })
    writeFileSync(join(staticDir, path), content)
  }
  const ui = new UiServer({
    engine: t.engine,
    host: '127.0.0.1',
    port: 0,
    token: opts.token,
    staticDir,
    routes: opts.routes?.(t.engine),
  })
  await ui.listen()
  return {
    t,
    ui,
    async stop() {
      await ui.close()
      await t.stop()
      cleanup(t.dataDir)
      cleanup(staticDir)
    },
  }
}

/** A GET with exactly these headers: fetch() will not forge a Host header; node:http will. */
export function rawGet(ui: UiServer, path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: ui.port, path, headers }, (res) => {
      res.resume()
      resolve(res.statusCode ?? 0)
    })
    req.on('error', reject)
    req.end()
  })
}
