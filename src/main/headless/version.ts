import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/** The app's version from package.json, read beside the built files (out/main → the package root). */
export function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as {
      version?: string
    }
    return pkg.version ?? '0.0.0'
  } catch {
    return '0.0.0'
  }
}
