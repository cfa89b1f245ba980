/**
 * The headless command line's `--validation strict|lenient`. Checked before
 * anything starts (a typo is a usage error), then applied through the same
 * contract method the UI's switch uses, so the choice is persisted and shown
 * in the UI. Without the flag the persisted setting stands.
 */
import { VALIDATION_MODES, type ValidationMode } from '../../shared/contract/validation'
import type { Engine } from '../engine/types'

export const VALIDATION_FLAG_HELP = `  --validation <strict|lenient>
                         strict: an invalid call gets the real API's 400; lenient: every call
                         gets 200 and findings are only recorded (default: the saved setting, strict)
`

/** Throws an Error with a usage message on a bad value. */
export function parseValidationFlag(value: string | undefined): ValidationMode | undefined {
  if (value === undefined) return undefined
  const mode = VALIDATION_MODES.find((m) => m === value.trim().toLowerCase())
  if (!mode) throw new Error(`--validation must be ${VALIDATION_MODES.join(' or ')}, got "${value}".`)
  return mode
}

export function describeValidationMode(mode: ValidationMode): string {
  return mode === 'strict'
    ? 'strict (invalid calls get a 400 like the real API)'
    : 'lenient (every call gets 200; findings are recorded)'
}

/** Apply the flag (if given) to a started engine; returns the line the CLI prints. */
export async function applyValidationFlag(engine: Engine, mode: ValidationMode | undefined): Promise<string> {
  const state =
    mode !== undefined
      ? await engine.call('validation.mode.set', { mode })
      : await engine.call('validation.mode.get', {})
  return describeValidationMode(state.mode)
}
