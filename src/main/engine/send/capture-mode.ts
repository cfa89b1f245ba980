/**
 * The capture mode (capture, forward, fault injection) and its settings,
 * persisted in the settings table and read through a schema with defaults
 * so an old or hand-edited value can never stop the capture server.
 */
import { captureModeConfigSchema } from '../../../shared/contract/send.schemas'
import type { CaptureModeConfig } from '../../../shared/contract/send'
import type { CaptureModePatch } from '../../../shared/contract/send.schemas'
import type { SettingsRepository } from '../db/settings-repository'

const KEY = 'send.captureMode'

export const DEFAULT_CAPTURE_MODE: CaptureModeConfig = {
  mode: 'capture',
  upstreamEnvironmentId: 'development',
  // Off until the user picks a fault: turning fault mode on must not break every call at once.
  fault: { action: 'none', status: 500, retryAfterSeconds: 5, delayMs: 0, percent: 100, eventName: '' },
}

export class CaptureModeStore {
  private current: CaptureModeConfig

  constructor(private readonly settings: SettingsRepository) {
    this.current = settings.get(KEY, captureModeConfigSchema, DEFAULT_CAPTURE_MODE)
  }

  /** Read on every captured request: kept in memory, written through. */
  get(): CaptureModeConfig {
    return this.current
  }

  update(patch: CaptureModePatch): CaptureModeConfig {
    const next = captureModeConfigSchema.parse({
      ...this.current,
      ...patch,
      // Naming a status asks for that status, whatever the action was.
      fault: {
        ...this.current.fault,
        ...(patch.fault?.status !== undefined && patch.fault.action === undefined
          ? { action: 'status' }
          : {}),
        ...patch.fault,
      },
    })
    this.settings.set(KEY, next)
    this.current = next
    return next
  }
}
