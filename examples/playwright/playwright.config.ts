import { existsSync } from 'node:fs'
import { defineConfig } from '@playwright/test'

const port = Number(process.env['EXAMPLE_PORT'] ?? 4173)
// Debian's Chromium where it exists; Playwright's own browser elsewhere.
const systemChromium = '/usr/bin/chromium'
const executablePath =
  process.env['CHROMIUM_PATH'] ?? (existsSync(systemChromium) ? systemChromium : undefined)

export default defineConfig({
  testDir: './tests',
  fullyParallel: true,
  // Waits end as soon as the event is captured; the timeout only bounds a slow machine.
  expect: { timeout: 10_000 },
  workers: 2,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    launchOptions: {
      ...(executablePath ? { executablePath } : {}),
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'],
    },
  },
  webServer: {
    command: 'node server.mjs',
    cwd: import.meta.dirname,
    url: `http://127.0.0.1:${port}`,
    env: { EXAMPLE_PORT: String(port) },
    reuseExistingServer: false,
  },
})
