import { useEffect } from 'react'
import { applyTheme, watchSystemTheme } from '../lib/theme'
import { useSettingsStore } from '../stores/settings-store'

/** Keeps <html data-theme> in step with the preference, and with the OS while it is 'system'. */
export function useThemeSync(): void {
  const theme = useSettingsStore((s) => s.theme)
  useEffect(() => {
    applyTheme(theme)
    if (theme !== 'system') return
    return watchSystemTheme(() => applyTheme('system'))
  }, [theme])
}
