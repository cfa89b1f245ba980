import { createServer, type Server } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createEngine } from '../../src/main/engine/engine'
import { PortInUseError } from '../../src/main/engine/errors'
import { cleanup, tempDir } from '../helpers/engine'

let blocker: Server
let dir: string
afterEach(() => {
  blocker?.close()
  cleanup(dir)
})

describe('capture port already taken', () => {
  it('says so plainly, says how to pick another, and leaves nothing half-open', async () => {
    blocker = createServer()
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()))
    const port = (blocker.address() as { port: number }).port
    dir = tempDir()
    const engine = createEngine({
      dataDir: dir,
      capturePort: port,
      capturePortHint: '--capture-port <port>',
      version: 't',
      transport: 'http',
    })
    const error = await engine.start().then(
      () => null,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(PortInUseError)
    expect((error as Error).message).toContain(`Port ${port} on 127.0.0.1 is already in use`)
    expect((error as Error).message).toContain('--capture-port <port>')
    // The log was closed again: a second engine on a free port opens it fine.
    const second = createEngine({ dataDir: dir, capturePort: 0, version: 't', transport: 'http' })
    await second.start()
    await second.close()
  })
})
