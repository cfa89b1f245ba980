/**
 * Starts the real headless server (the built CLI, as a user runs it) on
 * free ports with its own data folder, and opens the UI in Chromium.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { test as base, expect, type Page } from '@playwright/test'
import { cleanup, tempDir } from '../helpers/temp-dir'

export { trackEvent } from '../helpers/track-event'

export interface HeadlessServer {
  captureUrl: string
  uiUrl: string
  baseUrl: string
  token: string
  dataDir: string
  output(): string
  /** SIGTERM and wait for a clean exit; returns the exit code. */
  stop(): Promise<number | null>
}

const root = join(import.meta.dirname, '..', '..')

export async function startServer(
  opts: { dataDir?: string; args?: string[]; env?: Record<string, string> } = {},
): Promise<HeadlessServer> {
  const dataDir = opts.dataDir ?? tempDir('td-e2e-')
  const child: ChildProcess = spawn(
    process.execPath,
    [
      join(root, 'bin', 'track-debugger.js'),
      'serve',
      '--capture-port',
      '0',
      '--ui-port',
      '0',
      '--proxy-port',
      '0',
      '--data-dir',
      dataDir,
      ...(opts.args ?? []),
    ],
    { cwd: root, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let out = ''
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()))
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const deadline = Date.now() + 15_000
  while (!/UI:\s+\S+/.test(out)) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`headless server did not start:\n${out}`)
    await new Promise((r) => setTimeout(r, 50))
  }
  const captureUrl = /Capture:\s+(\S+)/.exec(out)?.[1] as string
  const uiUrl = /UI:\s+(\S+)/.exec(out)?.[1] as string
  const u = new URL(uiUrl)
  return {
    captureUrl,
    uiUrl,
    baseUrl: u.origin,
    token: u.searchParams.get('token') as string,
    dataDir,
    output: () => out,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM')
      return exited
    },
  }
}

export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

export async function openUi(page: Page, server: HeadlessServer): Promise<void> {
  await page.goto(server.uiUrl)
  await expect(page.locator('html[data-app-state="ready"]')).toBeAttached({ timeout: 15_000 })
}

/** `server` is a fresh headless server per test, stopped (and its data removed) afterwards. */
export const test = base.extend<{ server: HeadlessServer }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures must destructure their dependencies
  server: async ({}, use) => {
    const server = await startServer()
    await use(server)
    await server.stop()
    cleanup(server.dataDir)
  },
})

export { expect }
