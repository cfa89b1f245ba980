#!/usr/bin/env node
// Entry point of the `track-debugger` command: runs the built headless CLI.
import { existsSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url))
if (!existsSync(cli)) {
  process.stderr.write('Track Debugger is not built yet. Run `npm run build` (or `npm run serve`) first.\n')
  process.exit(1)
}
const { main } = await import(pathToFileURL(cli).href)
process.exitCode = await main(process.argv.slice(2))
