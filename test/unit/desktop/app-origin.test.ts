import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { PRODUCTION_CSP, resolveAppOrigin } from '../../../src/main/desktop/app-origin'

const rendererDir = join('/opt', 'Track Debugger', 'out', 'renderer')
const fileUrl = (...parts: string[]): string => pathToFileURL(join(rendererDir, ...parts)).href

describe('resolveAppOrigin: built files', () => {
  const origin = resolveAppOrigin({ devServerUrl: undefined, rendererDir, packaged: false })

  it('loads index.html from the renderer folder', () => {
    expect(origin.entry).toEqual({ kind: 'file', path: join(rendererDir, 'index.html') })
  })

  it('owns the page and the files beside it, whatever the query or fragment', () => {
    expect(origin.isAppUrl(fileUrl('index.html'))).toBe(true)
    expect(origin.isAppUrl(`${fileUrl('index.html')}?x=1#/events/3`)).toBe(true)
    expect(origin.isAppUrl(fileUrl('assets', 'index-abc.js'))).toBe(true)
  })

  it('serves IPC and permissions to the page itself only, compared as parsed URLs', () => {
    expect(origin.isAppPage(fileUrl('index.html'))).toBe(true)
    expect(origin.isAppPage(`${fileUrl('index.html')}?x=1#/events/3`)).toBe(true)
    expect(origin.isAppPage(`${fileUrl('assets')}/../index.html`)).toBe(true)
    // Another document in the folder (say, an exported HTML report opened in the window) is not the app.
    expect(origin.isAppPage(fileUrl('assets', 'report.html'))).toBe(false)
    expect(origin.isAppPage(`${fileUrl('index.html')}.evil.html`)).toBe(false)
    expect(origin.isAppPage(`${fileUrl()}-evil/index.html`)).toBe(false)
    // A file URL with a host is a network share, never the app's own file.
    expect(origin.isAppPage(fileUrl('index.html').replace('file:///', 'file://evil-host/'))).toBe(false)
    expect(origin.isAppPage('https://example.com/index.html')).toBe(false)
  })

  it('owns nothing outside the folder, however the path is spelled', () => {
    expect(origin.isAppUrl(pathToFileURL('/etc/passwd').href)).toBe(false)
    expect(origin.isAppUrl(`${fileUrl()}/../../secret.html`)).toBe(false)
    expect(origin.isAppUrl(`${fileUrl()}/%2e%2e/%2e%2e/secret.html`)).toBe(false)
    // A sibling folder whose name merely starts with "renderer".
    expect(origin.isAppUrl(`${fileUrl()}-evil/index.html`)).toBe(false)
  })

  it('owns no web page and no garbage', () => {
    expect(origin.isAppUrl('https://example.com/')).toBe(false)
    expect(origin.isAppUrl('http://localhost:5173/')).toBe(false)
    expect(origin.isAppUrl('about:blank')).toBe(false)
    expect(origin.isAppUrl('')).toBe(false)
  })

  it('sends the strict policy', () => {
    expect(origin.csp).toBe(PRODUCTION_CSP)
  })
})

describe('resolveAppOrigin: dev server', () => {
  const origin = resolveAppOrigin({ devServerUrl: 'http://localhost:5173', rendererDir, packaged: false })

  it('loads the dev server and owns its origin only', () => {
    expect(origin.entry).toEqual({ kind: 'url', url: 'http://localhost:5173/' })
    expect(origin.isAppUrl('http://localhost:5173/')).toBe(true)
    expect(origin.isAppUrl('http://localhost:5173/src/main.tsx?t=1')).toBe(true)
    expect(origin.isAppUrl('http://localhost:5174/')).toBe(false)
    expect(origin.isAppUrl('http://127.0.0.1:5173/')).toBe(false)
    expect(origin.isAppUrl(fileUrl('index.html'))).toBe(false)
    expect(origin.isAppPage('http://localhost:5173/')).toBe(true)
    expect(origin.isAppPage('http://localhost:5173/src/main.tsx?t=1')).toBe(false)
    expect(origin.isAppPage('http://127.0.0.1:5173/')).toBe(false)
  })

  it('relaxes only what Vite HMR needs', () => {
    expect(origin.csp).toContain("script-src 'self' 'unsafe-inline'")
    expect(origin.csp).toContain("connect-src 'self' ws://localhost:5173")
    expect(origin.csp).toContain("object-src 'none'")
    expect(origin.csp).toContain("frame-ancestors 'none'")
  })

  it('is ignored by a packaged app, so the environment cannot repoint the window', () => {
    const packaged = resolveAppOrigin({ devServerUrl: 'https://evil.example', rendererDir, packaged: true })
    expect(packaged.entry.kind).toBe('file')
    expect(packaged.isAppUrl('https://evil.example/')).toBe(false)
  })

  it('is ignored when it is not an http(s) URL', () => {
    for (const devServerUrl of ['javascript:alert(1)', 'not a url', '']) {
      expect(resolveAppOrigin({ devServerUrl, rendererDir, packaged: false }).entry.kind).toBe('file')
    }
  })
})

describe('PRODUCTION_CSP', () => {
  it('is the strict policy, directive by directive', () => {
    expect(PRODUCTION_CSP).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    )
  })
})
