import { existsSync } from 'node:fs'
import { defineConfig } from '@playwright/test'

// Debian's Chromium where it exists (CI and these machines); Playwright's own browser elsewhere.
const systemChromium = '/usr/bin/chromium'
const executablePath =
  process.env['CHROMIUM_PATH'] ?? (existsSync(systemChromium) ? systemChromium : undefined)

export default defineConfig({
  // Two shared cores run the server, Chromium and a second worker at once: a slow step is not a failure.
  timeout: 60_000,
  expect: { timeout: 5_000 },
  fullyParallel: true,
  workers: 2,
  reporter: process.env['CI'] ? [['list']] : [['list']],
  retries: 0,
  use: {
    viewport: { width: 1440, height: 900 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    ...['e2e', 'security'].map((name) => ({
      name,
      testDir: `test/${name}`,
      testMatch: '*.spec.ts',
      use: {
        browserName: 'chromium' as const,
        launchOptions: {
          ...(executablePath ? { executablePath } : {}),
          args: [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
      },
    })),
    { name: 'electron', testDir: 'test/electron' },
  ],
})
