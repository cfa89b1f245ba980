import { useRef, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react'
import { DETAIL_DEFAULT_WIDTH, DETAIL_MIN_WIDTH, useSettingsStore } from '../../stores/settings-store'

/** The stream keeps at least this much room, whatever the detail pane asks for. */
const STREAM_MIN_WIDTH = 420
const KEY_STEP = 24

function clampWidth(width: number): number {
  return Math.min(
    Math.max(width, DETAIL_MIN_WIDTH),
    Math.max(DETAIL_MIN_WIDTH, window.innerWidth - STREAM_MIN_WIDTH),
  )
}

/** Drag (or arrow keys) to share the width between the stream and the detail pane. */
export function Splitter(): ReactNode {
  const width = useSettingsStore((s) => s.detailWidth)
  const setWidth = useSettingsStore((s) => s.setDetailWidth)
  const drag = useRef<{ startX: number; startWidth: number } | null>(null)

  const onPointerDown = (event: PointerEvent<HTMLDivElement>): void => {
    event.currentTarget.setPointerCapture(event.pointerId)
    drag.current = { startX: event.clientX, startWidth: width }
    document.body.classList.add('is-resizing')
  }
  const onPointerMove = (event: PointerEvent<HTMLDivElement>): void => {
    if (!drag.current) return
    setWidth(clampWidth(drag.current.startWidth + drag.current.startX - event.clientX))
  }
  const onPointerUp = (): void => {
    drag.current = null
    document.body.classList.remove('is-resizing')
  }
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return
    event.preventDefault()
    setWidth(clampWidth(width + (event.key === 'ArrowLeft' ? KEY_STEP : -KEY_STEP)))
  }

  return (
    <div
      className="splitter"
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize the detail pane"
      aria-valuenow={width}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onKeyDown={onKeyDown}
      onDoubleClick={() => setWidth(DETAIL_DEFAULT_WIDTH)}
    />
  )
}
