import type { CSSProperties, ReactNode } from 'react'
import { useSettingsStore } from '../../stores/settings-store'
import { DetailPane } from '../detail/detail-pane'
import { BatchBar } from '../send/batch-bar'
import { ResendDialog } from '../send/resend-dialog'
import { StreamView, useShowsEmptyState } from '../stream/stream-view'
import { StreamToolbar } from '../toolbar/stream-toolbar'
import { Splitter } from './splitter'

/** The stream with its toolbar and, once there is something to show, the detail pane. */
export function StreamWorkspace(): ReactNode {
  const showEmpty = useShowsEmptyState()
  const detailWidth = useSettingsStore((s) => s.detailWidth)
  return (
    <div className="workspace" style={{ '--detail-width': `${detailWidth}px` } as CSSProperties}>
      <section className="stream-pane" aria-label="Stream">
        <StreamToolbar />
        <StreamView />
        <BatchBar />
      </section>
      {!showEmpty && (
        <>
          <Splitter />
          <DetailPane />
        </>
      )}
      <ResendDialog />
    </div>
  )
}
