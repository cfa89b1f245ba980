import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

const root = import.meta.dirname

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        // The headless CLI is built beside the desktop entry: same engine, no Electron.
        input: {
          // The desktop main process: window, menus, dialogs, keychain; no engine code (main-bundle.test.ts).
          index: resolve(root, 'src/main/desktop/index.ts'),
          // The engine's own process, started by main with utilityProcess.fork (desktop/engine-process.ts).
          'engine-host': resolve(root, 'src/main/engine-host/utility-entry.ts'),
          cli: resolve(root, 'src/main/headless/cli.ts'),
          // The Playwright fixture (`track-debugger/playwright`): the engine in a test worker.
          playwright: resolve(root, 'src/playwright/index.ts'),
          // WAL checkpoints off the main thread, loaded by file name (engine/writer/checkpointer.ts).
          'checkpoint-worker': resolve(root, 'src/main/engine/writer/checkpoint-worker.ts'),
        },
        // The user's own Playwright: a second copy would be a second test runner.
        external: ['@playwright/test'],
        output: {
          // The worker is unpacked from the asar without the app's package.json (which says "module").
          entryFileNames: (chunk) => (chunk.name === 'checkpoint-worker' ? '[name].mjs' : '[name].js'),
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve(root, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src/renderer'),
    build: {
      // Served over HTTP headless: a minified bundle is what makes first paint fast on a big log.
      minify: true,
      rollupOptions: { input: { index: resolve(root, 'src/renderer/index.html') } },
    },
    plugins: [react()],
  },
})
