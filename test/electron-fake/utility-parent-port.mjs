// Loaded with `node --import` into a process the fake `utilityProcess.fork`
// started: gives it the `process.parentPort` an Electron utility process
// has, carried over the fork IPC channel (structured clone, as a
// MessagePort would). Messages arrive as events with `data`, as in Electron.
import { EventEmitter } from 'node:events'

const parentPort = new EventEmitter()
parentPort.postMessage = (message) => process.send?.(message)
process.on('message', (data) => parentPort.emit('message', { data, ports: [] }))
process.parentPort = parentPort
