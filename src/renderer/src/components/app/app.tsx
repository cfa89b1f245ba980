import { useEffect, type CSSProperties, type ReactNode } from 'react'
import { useGlobalKeys } from '../../hooks/use-global-keys'
import { useThemeSync } from '../../hooks/use-theme-sync'
import { startApp } from '../../stores/app-start'
import { useConnectionStore } from '../../stores/connection-store'
import { useSettingsStore } from '../../stores/settings-store'
import { DetailPane } from '../detail/detail-pane'
import { StatusBar } from '../status-bar/status-bar'
import { StreamView, useShowsEmptyState } from '../stream/stream-view'
import { StreamToolbar } from '../toolbar/stream-toolbar'
import { TopBar } from '../top-bar/top-bar'
import { AuthRequired } from './auth-required'
import { Splitter } from './splitter'

export function App(): ReactNode {
  useEffect(() => {
    void startApp()
  }, [])
  useThemeSync()
  useGlobalKeys()
  const status = useConnectionStore((s) => s.status)
  const showEmpty = useShowsEmptyState()
  const detailWidth = useSettingsStore((s) => s.detailWidth)

  if (status === 'no-token' || status === 'unauthorized') return <AuthRequired reason={status} />

  return (
    <div className="app">
      <TopBar />
      <div className="workspace" style={{ '--detail-width': `${detailWidth}px` } as CSSProperties}>
        <section className="stream-pane" aria-label="Stream">
          <StreamToolbar />
          <StreamView />
        </section>
        {!showEmpty && (
          <>
            <Splitter />
            <DetailPane />
          </>
        )}
      </div>
      <StatusBar />
    </div>
  )
}
