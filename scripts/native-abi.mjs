// better-sqlite3 is a native module: Electron and plain Node need different
// builds of it. `npm start` needs the Electron build; tests, `serve` and the
// benchmark need the Node one. This checks which build is present and
// rebuilds only when it is the wrong one, so switching costs a rebuild once.
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'

const target = process.argv[2]
const require = createRequire(import.meta.url)

function loadsInNode() {
  const r = spawnSync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], {
    stdio: 'pipe',
  })
  return r.status === 0
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' })
  if (r.status !== 0) process.exit(r.status ?? 1)
}

if (target === 'node') {
  if (!loadsInNode()) {
    console.log('Rebuilding better-sqlite3 for Node…')
    run('npm', ['rebuild', 'better-sqlite3'])
  }
} else if (target === 'electron') {
  let electronVersion
  try {
    electronVersion = require('electron/package.json').version
  } catch {
    console.error('Electron is not installed; run `npm ci` first.')
    process.exit(1)
  }
  if (loadsInNode()) {
    console.log(`Rebuilding better-sqlite3 for Electron ${electronVersion}…`)
    run('npx', [
      '--yes',
      '@electron/rebuild',
      '--version',
      electronVersion,
      '--only',
      'better-sqlite3',
      '--force',
    ])
  }
} else {
  console.error('usage: node scripts/native-abi.mjs node|electron')
  process.exit(2)
}
