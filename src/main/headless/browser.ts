/**
 * `track-debugger browser [url]`: opens a pre-configured browser on the
 * running debugger's capture proxy (its CA's public key allowed, a fresh
 * profile), and waits until it is closed. Like `run`, it starts no engine.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { defaultDataDir } from '../engine/paths'
import { findBrowsers, launchBrowser, pickBrowser } from '../engine/proxy/browser-launcher'
import { spkiHashOf } from '../engine/proxy/certificate-authority'
import { proxyPortArg, runningProxy } from './run'

export const BROWSER_HELP = `Usage: track-debugger browser [url] [--browser <id>] [--proxy-port <port>] [--data-dir <dir>]

Opens Chrome, Chromium, Edge or Brave with a fresh temporary profile that sends
its traffic through the running Track Debugger's capture proxy and accepts its
local CA, so a page's Track calls are captured with no change to the page, your
own browser profile or the machine. The profile is deleted when the browser closes.

Options:
  --browser <id>       chrome, chromium, edge, brave or playwright (default: the first found)
  --proxy-port <port>  the capture proxy's port (default 8789)
  --data-dir <dir>     the data folder of the running debugger (default: the app's)
  --headless           no window (CI)
`

export async function browserMain(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let values: Record<string, string | boolean | undefined>
  let positionals: string[]
  try {
    ;({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        browser: { type: 'string' },
        'proxy-port': { type: 'string' },
        'data-dir': { type: 'string' },
        headless: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }))
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${BROWSER_HELP}`)
    return 2
  }
  if (values['help']) {
    process.stdout.write(BROWSER_HELP)
    return 0
  }
  let port: number
  try {
    port = proxyPortArg(typeof values['proxy-port'] === 'string' ? values['proxy-port'] : undefined)
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${BROWSER_HELP}`)
    return 2
  }
  const dataDir = resolve(typeof values['data-dir'] === 'string' ? values['data-dir'] : defaultDataDir(env))
  const proxy = await runningProxy(port, dataDir)
  if ('problem' in proxy) {
    process.stderr.write(`${proxy.problem}\n`)
    return 2
  }
  const pick = pickBrowser(
    findBrowsers(env),
    typeof values['browser'] === 'string' ? values['browser'] : undefined,
  )
  if ('problem' in pick) {
    process.stderr.write(`${pick.problem}\n`)
    return 2
  }
  const launched = launchBrowser({
    executable: pick.path,
    url: positionals[0] ?? 'about:blank',
    proxyUrl: proxy.proxyUrl,
    spkiHash: spkiHashOf(readFileSync(proxy.certPath, 'utf8')),
    headless: values['headless'] === true,
  })
  process.stdout.write(
    `${pick.name} is open on the capture proxy (profile ${launched.profileDir}). Close it to finish.\n`,
  )
  const stop = (): void => launched.close()
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  await launched.exited
  return 0
}
