/**
 * Start and stop of the app's HTTP servers (capture and UI), shared so both
 * explain a taken port the same way and neither can be held open forever
 * by a client that stalls.
 */
import type { Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { PortInUseError } from '../errors'

/** Keeps the set of open sockets, so a close can end the ones that never finish. */
export function trackSockets(server: Server): Set<Socket> {
  const sockets = new Set<Socket>()
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  return sockets
}

/** Listen, turning EADDRINUSE into a PortInUseError that says how to pick another port (`hint`). */
export function listenOrExplain(
  server: Server,
  host: string,
  port: number,
  hint: string | null,
): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      server.off('listening', onListening)
      reject(err.code === 'EADDRINUSE' ? new PortInUseError(host, port, hint) : err)
    }
    const onListening = (): void => {
      server.off('error', onError)
      resolve(server.address() as AddressInfo)
    }
    server.once('error', onError)
    server.once('listening', onListening)
    server.listen(port, host)
  })
}

/**
 * Stop accepting, let `drain` (the requests in flight) settle, then close;
 * sockets still open `forceAfterMs` later (half-sent headers, stalled
 * clients) are destroyed.
 */
export async function closeServer(
  server: Server,
  sockets: Set<Socket>,
  forceAfterMs: number,
  drain: () => Promise<unknown> = async () => undefined,
): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()))
  server.closeIdleConnections()
  await drain()
  server.closeIdleConnections()
  const force = setTimeout(() => {
    for (const s of sockets) s.destroy()
  }, forceAfterMs)
  await closed
  clearTimeout(force)
}
