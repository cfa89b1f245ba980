import type { Api } from '../../shared/api'

declare global {
  interface Window {
    /** Set by the desktop preload; absent when the UI is served headless over HTTP. */
    trackDebugger?: Api
  }
}

export {}
