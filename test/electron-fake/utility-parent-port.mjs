// Loaded with `node --import` into a process the fake `utilityProcess.fork`
// started: gives it the `process.parentPort` an Electron utility process
// has, carried over the fork IPC channel (structured clone, as a
// MessagePort would). Messages arrive as events with `data` and `ports`, as
// in Electron; a port main sent along is relayed by id over the same channel.
import { EventEmitter } from 'node:events'

const ports = new Map()

function relayedPort(id) {
  const port = new EventEmitter()
  port.postMessage = (data) => process.send?.({ relay: { port: id, data } })
  port.start = () => {}
  port.close = () => {
    ports.delete(id)
    process.send?.({ relay: { port: id, closed: true } })
  }
  ports.set(id, port)
  return port
}

const parentPort = new EventEmitter()
parentPort.postMessage = (message) => process.send?.(message)
process.on('message', (message) => {
  if (message?.relay) {
    const port = ports.get(message.relay.port)
    if (!port) return
    if (message.relay.closed) {
      ports.delete(message.relay.port)
      port.emit('close')
    } else port.emit('message', { data: message.relay.data })
    return
  }
  if (Array.isArray(message?.ports))
    return void parentPort.emit('message', { data: message.data, ports: message.ports.map(relayedPort) })
  parentPort.emit('message', { data: message, ports: [] })
})
process.parentPort = parentPort
