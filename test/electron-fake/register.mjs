// Loaded with `node --import` before the built main bundle: `import ... from 'electron'`
// resolves to the fake beside this file instead of the real (absent) Electron.
import { registerHooks } from 'node:module'

const fake = new URL('./fake-electron.mjs', import.meta.url).href
registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === 'electron') return { url: fake, shortCircuit: true }
    return nextResolve(specifier, context)
  },
})
