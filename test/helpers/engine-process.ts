/**
 * A real engine in a process of its own, for tests that must kill it
 * (SIGKILL) and start it again on the same data directory. Bundled and run
 * by `spawnEngine()` in engine-child.ts; prints `READY <captureUrl>` once
 * the capture server listens, and closes cleanly on SIGTERM.
 */
import { createEngine } from '../../src/main/engine/engine'

const dataDir = process.argv[2]
if (!dataDir) {
  process.stderr.write('usage: engine-process <data-dir>\n')
  process.exit(2)
}
const engine = createEngine({ dataDir, capturePort: 0, version: 'test', transport: 'http' })
await engine.start()
process.stdout.write(`READY ${engine.info.captureUrl}\n`)
process.on('SIGTERM', () => {
  void engine.close().then(() => process.exit(0))
})
