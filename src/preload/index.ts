/**
 * Preload (sandboxed, context-isolated): publishes the contract `Api` as
 * `window.trackDebugger`, and the desktop file dialogs as
 * `window.trackDebuggerFiles`, and nothing else. A sandboxed preload can only
 * `require('electron')`, so everything it needs is bundled from plain TS.
 */
import { contextBridge, ipcRenderer } from 'electron'
import { buildApi, buildDesktopFiles } from './bridge'

contextBridge.exposeInMainWorld('trackDebugger', buildApi(ipcRenderer))
contextBridge.exposeInMainWorld('trackDebuggerFiles', buildDesktopFiles(ipcRenderer))
