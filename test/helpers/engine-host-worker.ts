/**
 * The engine host in a Node worker thread: the same serveEngine the desktop
 * app's utility process runs, over the worker's real MessagePort. Bundled
 * by test/unit/engine/build-worker.ts.
 */
import { parentPort } from 'node:worker_threads'
import { createEngine } from '../../src/main/engine/engine'
import { nodePort } from '../../src/main/engine-host/ports'
import { serveEngine } from '../../src/main/engine-host/serve-engine'

if (!parentPort) throw new Error('engine-host-worker runs as a worker thread.')
serveEngine(nodePort(parentPort), { create: createEngine, exit: () => process.exit(0) })
