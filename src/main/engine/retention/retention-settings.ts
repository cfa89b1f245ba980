/**
 * Retention limits as stored in the settings table, read through the
 * contract's schema so an old or hand-edited value falls back to the
 * defaults instead of breaking the engine.
 */
import { DEFAULT_RETENTION, type RetentionLimits } from '../../../shared/contract/retention'
import { retentionLimitsSchema } from '../../../shared/contract/retention.schemas'
import type { SettingsRepository } from '../db/settings-repository'

export const RETENTION_KEY = 'retention.limits'

export class RetentionSettings {
  constructor(private readonly settings: SettingsRepository) {}

  get(): RetentionLimits {
    return this.settings.get(RETENTION_KEY, retentionLimitsSchema, DEFAULT_RETENTION)
  }

  set(limits: RetentionLimits): RetentionLimits {
    const parsed = retentionLimitsSchema.parse(limits)
    this.settings.set(RETENTION_KEY, parsed)
    return parsed
  }
}
