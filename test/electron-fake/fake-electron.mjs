// The thinnest stand-in for Electron's main-process API that lets the built
// desktop bundle (out/main/index.js) run under plain Node. It does nothing
// on its own: each call is recorded and reported to the test over the fork
// IPC channel, and the test drives it back (an IPC invoke from the window,
// a dialog answer, a navigation, a quit). The app's own code decides what
// happens; this file only carries it.
import { fork } from 'node:child_process'
import { EventEmitter } from 'node:events'
import { pathToFileURL } from 'node:url'

const report = (message) => process.send?.(message)
const pending = new Map()
let nextAsk = 1
/** Ask the test a question (a dialog's answer) and wait for its reply. */
function ask(type, payload) {
  const id = nextAsk++
  report({ type, id, ...payload })
  return new Promise((resolve) => pending.set(id, resolve))
}

// Electron's MessagePortMain pairs (MessageChannelMain), and their ends sent
// to another process: the engine's utility process (a forked child here) or
// the window (the test, standing in for the preload). A sent end is relayed
// by id over that process's IPC channel, as Electron carries it natively.
const relays = new Map()
let nextRelay = 1

class FakePort extends EventEmitter {
  peer = null
  started = false
  queue = []
  /** Set once this end was sent to another process: what arrives for it goes there. */
  remote = null
  postMessage(data) {
    this.peer?.receive(data)
  }
  receive(data) {
    if (this.remote) return this.remote({ data })
    if (!this.started) return void this.queue.push(data)
    this.emit('message', { data, ports: [] })
  }
  start() {
    this.started = true
    for (const data of this.queue.splice(0)) this.emit('message', { data, ports: [] })
  }
  close() {
    const peer = this.peer
    if (!peer) return
    this.peer = null
    peer.peer = null
    this.emit('close')
    peer.emit('close')
  }
}

export class MessageChannelMain {
  constructor() {
    this.port1 = new FakePort()
    this.port2 = new FakePort()
    this.port1.peer = this.port2
    this.port2.peer = this.port1
  }
}

/** Sends `port` to another process: returns its relay id; `send` carries messages there. */
function relay(port, send) {
  const id = nextRelay++
  relays.set(id, port)
  port.remote = ({ data }) => send({ port: id, data })
  port.once('close', () => {
    relays.delete(id)
    send({ port: id, closed: true })
  })
  return id
}

/** A message from the process a relayed end went to: as if that end posted it, or closed. */
function fromRelayed(message) {
  const port = relays.get(message.port)
  if (!port) return
  if (message.closed) port.close()
  else port.postMessage(message.data)
}

const appEvents = new EventEmitter()
let quitting = false
export const app = Object.assign(appEvents, {
  isPackaged: false,
  paths: { userData: process.env.FAKE_USER_DATA, downloads: process.env.FAKE_DOWNLOADS },
  setName(name) {
    report({ type: 'app.setName', name })
  },
  getVersion: () => '0.0.0-fake',
  getPath(name) {
    return app.paths[name] ?? `/nonexistent/${name}`
  },
  setPath(name, value) {
    app.paths[name] = value
  },
  enableSandbox() {
    report({ type: 'app.enableSandbox' })
  },
  requestSingleInstanceLock: () => true,
  whenReady: () => new Promise((resolve) => setImmediate(resolve)),
  quit() {
    if (quitting) return
    let prevented = false
    appEvents.emit('before-quit', { preventDefault: () => (prevented = true) })
    if (prevented) return
    quitting = true
    report({ type: 'app.quit', handlersLeft: handlers.size })
    setImmediate(() => process.exit(0))
  },
  exit(code) {
    report({ type: 'app.exit', code, handlersLeft: handlers.size })
    setImmediate(() => process.exit(code))
  },
})

const handlers = new Map()
export const ipcMain = {
  handle(channel, listener) {
    if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
    handlers.set(channel, listener)
  },
  removeHandler(channel) {
    handlers.delete(channel)
  },
}

let nextContentsId = 1
const windows = []
export class BrowserWindow extends EventEmitter {
  static getAllWindows() {
    return windows.filter((w) => !w.destroyed)
  }
  constructor(options) {
    super()
    this.options = options
    this.visible = false
    this.destroyed = false
    const contents = new EventEmitter()
    const url = { current: '' }
    this.webContents = Object.assign(contents, {
      id: nextContentsId++,
      send: (channel, ...args) => report({ type: 'push', channel, args }),
      postMessage: (channel, message, transfer = []) => {
        const ports = transfer.map((port) => relay(port, (m) => report({ type: 'window.port', ...m })))
        report({ type: 'window.postMessage', channel, message, ports })
      },
      isDestroyed: () => this.destroyed,
      getURL: () => url.current,
      setWindowOpenHandler: (fn) => (contents.openHandler = fn),
      loaded: url,
    })
    windows.push(this)
  }
  loadFile(path) {
    this.webContents.loaded.current = pathToFileURL(path).href
    report({
      type: 'window',
      options: this.options,
      url: this.webContents.loaded.current,
      contentsId: this.webContents.id,
    })
    this.finishLoad()
    return Promise.resolve()
  }
  loadURL(url) {
    this.webContents.loaded.current = url
    report({ type: 'window', options: this.options, url, contentsId: this.webContents.id })
    this.finishLoad()
    return Promise.resolve()
  }
  finishLoad() {
    setImmediate(() => {
      this.emit('ready-to-show')
      this.webContents.emit('did-finish-load')
    })
  }
  show() {
    this.visible = true
  }
  isVisible() {
    return this.visible
  }
  isMinimized() {
    return false
  }
  restore() {}
  focus() {}
  setBackgroundColor() {}
}

/**
 * Electron's utilityProcess.fork: a child Node process (Electron runs a
 * Node service process) whose `process.parentPort` is the fork channel.
 * The test hears of each start, and may kill one to see main restart it.
 */
export const utilityProcess = {
  fork(modulePath, args = [], options = {}) {
    const child = fork(modulePath, args, {
      execArgv: ['--import', new URL('./utility-parent-port.mjs', import.meta.url).href],
      serialization: 'advanced',
      stdio: options.stdio === 'inherit' ? 'inherit' : ['ignore', 'pipe', 'pipe', 'ipc'],
      env: options.env ?? process.env,
    })
    report({ type: 'utility.fork', modulePath, serviceName: options.serviceName, pid: child.pid })
    const sentHere = new Set()
    const toChild = (m) => child.connected && child.send({ relay: m })
    const utility = Object.assign(new EventEmitter(), {
      pid: child.pid,
      postMessage: (message, transfer = []) => {
        if (transfer.length === 0) return void child.send(message)
        const ports = transfer.map((port) => relay(port, toChild))
        for (const id of ports) sentHere.add(id)
        child.send({ ports, data: message })
      },
      kill: () => child.kill(),
    })
    child.on('message', (message) => {
      if (message?.relay) fromRelayed(message.relay)
      else utility.emit('message', message)
    })
    child.on('exit', (code) => {
      report({ type: 'utility.exit', pid: child.pid, code })
      // The ends this process held die with it: their peers hear the close.
      for (const id of sentHere) relays.get(id)?.close()
      utility.emit('exit', code ?? 1)
    })
    child.on('spawn', () => utility.emit('spawn'))
    return utility
  },
}

export const nativeTheme = Object.assign(new EventEmitter(), { shouldUseDarkColors: false })

const sessionHooks = {}
export const session = {
  defaultSession: {
    webRequest: { onHeadersReceived: (fn) => (sessionHooks.headers = fn) },
    setPermissionRequestHandler: (fn) => (sessionHooks.request = fn),
    setPermissionCheckHandler: (fn) => (sessionHooks.check = fn),
  },
}

export const Menu = {
  buildFromTemplate: (template) => ({ template }),
  setApplicationMenu: (menu) => report({ type: 'menu', labels: menu.template.map((m) => m.label ?? m.role) }),
}

export const shell = {
  openExternal: async (url) => report({ type: 'shell.openExternal', url }),
  showItemInFolder: (path) => report({ type: 'shell.showItemInFolder', path }),
}

export const dialog = {
  showErrorBox: (title, content) => report({ type: 'dialog.error', title, content }),
  showMessageBox: (_win, options) => ask('dialog.message', { options }).then(() => ({ response: 0 })),
  showSaveDialog: (...args) => ask('dialog.save', { options: args.at(-1) }),
  showOpenDialog: (...args) => ask('dialog.open', { options: args.at(-1) }),
}

/** A reversible transform, so a key in credentials.json is visibly not the key itself. */
export const safeStorage = {
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => 'gnome_libsecret',
  encryptStringAsync: async (plain) => Buffer.from(`fake-keychain:${Buffer.from(plain).toString('base64')}`),
  decryptStringAsync: async (data) => ({
    result: Buffer.from(data.toString().replace(/^fake-keychain:/, ''), 'base64').toString(),
    shouldReEncrypt: false,
  }),
}

// What the test asks of the running app.
process.on('message', async (message) => {
  if (message.type === 'answer') {
    pending.get(message.id)?.(message.value)
    pending.delete(message.id)
    return
  }
  const reply = (value) => report({ type: 'reply', id: message.id, ...value })
  const win = windows[0]
  switch (message.type) {
    case 'window.port':
      return fromRelayed(message)
    case 'load':
      win.webContents.loaded.current = message.url
      win.finishLoad()
      return reply({ ok: true })
    case 'handlers':
      return reply({ ok: true, value: [...handlers.keys()] })
    case 'invoke': {
      const handler = handlers.get(message.channel)
      if (!handler) return reply({ ok: false, error: `No handler registered for '${message.channel}'` })
      const event = {
        sender: { id: message.senderId ?? win?.webContents.id ?? -1 },
        senderFrame: {
          url: message.frameUrl ?? win?.webContents.getURL() ?? '',
          parent: message.subFrame ? {} : null,
        },
      }
      try {
        return reply({ ok: true, value: await handler(event, message.input) })
      } catch (error) {
        return reply({ ok: false, error: String(error) })
      }
    }
    case 'navigate': {
      let prevented = false
      win.webContents.emit('will-frame-navigate', {
        url: message.url,
        isMainFrame: message.isMainFrame,
        preventDefault: () => (prevented = true),
      })
      return reply({ ok: true, value: { prevented } })
    }
    case 'window-open':
      return reply({ ok: true, value: win.webContents.openHandler({ url: message.url }) })
    case 'headers':
      return sessionHooks.headers({ url: message.url, responseHeaders: {} }, (result) =>
        reply({ ok: true, value: result }),
      )
    case 'permission':
      return reply({
        ok: true,
        value: sessionHooks.check(null, message.permission, '', {
          isMainFrame: true,
          requestingUrl: message.url,
        }),
      })
    case 'quit':
      app.quit()
      return reply({ ok: true })
  }
})
