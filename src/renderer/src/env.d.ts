import type { Api } from '../../shared/api'
import type { DesktopFiles } from '../../shared/desktop-files'

declare global {
  interface Window {
    /** Set by the desktop preload; absent when the UI is served headless over HTTP. */
    trackDebugger?: Api
    /** Native open/save dialogs, desktop only. */
    trackDebuggerFiles?: DesktopFiles
  }
}

export {}
