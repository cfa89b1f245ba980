import { useEffect, type ReactNode } from 'react'
import { useGlobalKeys } from '../../hooks/use-global-keys'
import { useThemeSync } from '../../hooks/use-theme-sync'
import { startApp } from '../../stores/app-start'
import { useConnectionStore } from '../../stores/connection-store'
import { useViewStore } from '../../stores/view-store'
import { StatusBar } from '../status-bar/status-bar'
import { TopBar } from '../top-bar/top-bar'
import { AuthRequired } from './auth-required'
import { EngineBanner } from './engine-banner'
import { ScreenBoundary } from './screen-boundary'
import { VIEWS } from './views'

export function App(): ReactNode {
  useEffect(() => {
    void startApp()
  }, [])
  useThemeSync()
  useGlobalKeys()
  const status = useConnectionStore((s) => s.status)
  const view = useViewStore((s) => s.view)
  const current = VIEWS.find((v) => v.id === view) ?? VIEWS[0]

  if (status === 'no-token' || status === 'unauthorized') return <AuthRequired reason={status} />

  return (
    <div className="app">
      <TopBar />
      <EngineBanner />
      {current && (
        <ScreenBoundary key={current.id} label={current.label}>
          {current.render()}
        </ScreenBoundary>
      )}
      <StatusBar />
    </div>
  )
}
