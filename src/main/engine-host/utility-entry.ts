/**
 * Entry of the engine's own process: Electron's main process starts it with
 * `utilityProcess.fork` (desktop/engine-process.ts) and speaks the host
 * protocol over `process.parentPort`. Built as `out/main/engine-host.js`;
 * the capture server, SQLite and everything else of the engine load here,
 * never in main.
 */
import { createEngine } from '../engine/engine'
import { parentPortOf, type ParentPort } from './ports'
import { serveEngine } from './serve-engine'

const parent = (process as { parentPort?: ParentPort }).parentPort
if (!parent) {
  process.stderr.write('engine-host runs as an Electron utility process (utilityProcess.fork).\n')
  process.exit(2)
}
serveEngine(parentPortOf(parent), { create: createEngine, exit: () => process.exit(0) })
