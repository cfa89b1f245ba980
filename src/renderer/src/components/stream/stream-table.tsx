/**
 * The virtualized stream. Besides rendering only what is visible it:
 * - pages in older rows near the end and newer rows near the top of the window;
 * - keeps the row under the user's eyes still when rows are added above it
 *   (at the very top the list tails live, like a log), and offers a jump back;
 * - scrolls the selection into view when it moves by keyboard.
 */
import { useVirtualizer } from '@tanstack/react-virtual'
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type MouseEvent,
  type ReactNode,
} from 'react'
import { plural } from '../../lib/format'
import { useSelectionStore } from '../../stores/selection-store'
import { useStreamStore } from '../../stores/stream-store'
import { useSendStore } from '../../stores/send-store'
import { ArrowUpIcon } from '../common/icons'
import { handleRowClick } from '../send/row-pick'
import { COLUMNS, ROW_HEIGHT } from './columns'
import { StreamRow } from './stream-row'

const PREFETCH_ROWS = 60

export function StreamTable(): ReactNode {
  const rows = useStreamStore((s) => s.rows)
  const freshIds = useStreamStore((s) => s.freshIds)
  const hasMore = useStreamStore((s) => s.hasMore)
  const hasNewer = useStreamStore((s) => s.hasNewer)
  const loadingOlder = useStreamStore((s) => s.loadingOlder)
  const loadOlder = useStreamStore((s) => s.loadOlder)
  const loadNewer = useStreamStore((s) => s.loadNewer)
  const selectedId = useSelectionStore((s) => s.selectedId)
  const select = useSelectionStore((s) => s.select)
  const picked = useSendStore((s) => s.picked)
  // One delegated handler for every row: rows stay free of per-render closures.
  const onRowsClick = useCallback(
    (event: MouseEvent<HTMLDivElement>) => {
      const target = event.target instanceof Element ? event.target.closest('[data-event-id]') : null
      const id = Number(target?.getAttribute('data-event-id'))
      if (target && Number.isInteger(id)) handleRowClick(id, event, select)
    },
    [select],
  )

  const scrollRef = useRef<HTMLDivElement>(null)
  const anchor = useRef<{ id: number; index: number; offset: number } | null>(null)
  const [newAbove, setNewAbove] = useState(0)

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    getItemKey: (index) => rows[index]?.id ?? index,
    // Render the window in React's own time, not synchronously inside every scroll event:
    // a wheel step then costs one batched render instead of a long task per event.
    useFlushSync: false,
  })

  const recordAnchor = useCallback((): void => {
    const el = scrollRef.current
    if (!el) return
    const top = el.scrollTop
    if (top <= 0) {
      anchor.current = null
      setNewAbove(0)
      return
    }
    const index = Math.floor(top / ROW_HEIGHT)
    const row = rows[index]
    anchor.current = row ? { id: row.id, index, offset: top - index * ROW_HEIGHT } : null
  }, [rows])

  // Rows added or trimmed above the viewport would shift what the user is reading; pin it instead.
  useLayoutEffect(() => {
    const el = scrollRef.current
    const pinned = anchor.current
    if (!el || !pinned) return
    const row = rows[pinned.index]
    if (row?.id === pinned.id) return
    const index = rows.findIndex((r) => r.id === pinned.id)
    if (index === -1) return
    el.scrollTop = index * ROW_HEIGHT + pinned.offset
    if (index > pinned.index) setNewAbove((n) => n + index - pinned.index)
    anchor.current = { ...pinned, index }
  }, [rows])

  const items = virtualizer.getVirtualItems()
  const firstIndex = items[0]?.index ?? 0
  const lastIndex = items[items.length - 1]?.index ?? -1

  useEffect(() => {
    if (hasMore && lastIndex >= rows.length - PREFETCH_ROWS) void loadOlder()
  }, [hasMore, lastIndex, rows.length, loadOlder])

  useEffect(() => {
    if (hasNewer && firstIndex <= PREFETCH_ROWS) void loadNewer()
  }, [hasNewer, firstIndex, loadNewer])

  useEffect(() => {
    if (selectedId === null) return
    const index = useStreamStore.getState().rows.findIndex((r) => r.id === selectedId)
    if (index !== -1) virtualizer.scrollToIndex(index, { align: 'auto' })
  }, [selectedId, virtualizer])

  const jumpToTop = (): void => {
    setNewAbove(0)
    if (hasNewer) void useStreamStore.getState().reload()
    scrollRef.current?.scrollTo({ top: 0 })
  }

  return (
    <div className="stream-table" role="grid" aria-rowcount={rows.length + 1} data-testid="stream-table">
      <div className="stream-header" role="row" aria-rowindex={1}>
        {COLUMNS.map((column) => (
          <div key={column.key} role="columnheader" className={`cell cell-${column.key}`}>
            {column.label}
          </div>
        ))}
      </div>
      <div
        className="stream-scroll"
        ref={scrollRef}
        onScroll={recordAnchor}
        tabIndex={0}
        aria-activedescendant={selectedId !== null ? `stream-row-${selectedId}` : undefined}
        aria-label="Captured events"
      >
        <div className="stream-rows" style={{ height: virtualizer.getTotalSize() }} onClick={onRowsClick}>
          {items.map((item) => {
            const row = rows[item.index]
            if (!row) return null
            return (
              <StreamRow
                key={row.id}
                row={row}
                index={item.index}
                top={item.start}
                selected={row.id === selectedId}
                fresh={freshIds.has(row.id)}
                picked={picked.includes(row.id)}
              />
            )
          })}
        </div>
        {loadingOlder && <div className="stream-loading-more">Loading older events…</div>}
      </div>
      {(newAbove > 0 || hasNewer) && (
        <button type="button" className="jump-pill" onClick={jumpToTop} data-testid="jump-to-newest">
          <ArrowUpIcon />
          {newAbove > 0 ? `${plural(newAbove, 'new event')} above` : 'Jump to newest'}
        </button>
      )}
    </div>
  )
}
