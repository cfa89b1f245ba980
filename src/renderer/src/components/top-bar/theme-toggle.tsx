import type { ReactNode } from 'react'
import { THEME_PREFERENCES, type ThemePreference } from '../../lib/theme'
import { useSettingsStore } from '../../stores/settings-store'
import { MonitorIcon, MoonIcon, SunIcon } from '../common/icons'

const LABEL: Record<ThemePreference, string> = {
  system: 'System theme',
  light: 'Light theme',
  dark: 'Dark theme',
}
const ICON: Record<ThemePreference, () => ReactNode> = {
  system: () => <MonitorIcon />,
  light: () => <SunIcon />,
  dark: () => <MoonIcon />,
}

export function ThemeToggle(): ReactNode {
  const theme = useSettingsStore((s) => s.theme)
  const setTheme = useSettingsStore((s) => s.setTheme)

  return (
    <div
      className="segmented segmented-icons"
      role="radiogroup"
      aria-label="Theme"
      data-testid="theme-toggle"
    >
      {THEME_PREFERENCES.map((preference) => (
        <button
          key={preference}
          type="button"
          role="radio"
          aria-checked={theme === preference}
          aria-label={LABEL[preference]}
          title={LABEL[preference]}
          className={`segmented-item${theme === preference ? ' is-active' : ''}`}
          onClick={() => setTheme(preference)}
          data-theme-option={preference}
        >
          {ICON[preference]()}
        </button>
      ))}
    </div>
  )
}
