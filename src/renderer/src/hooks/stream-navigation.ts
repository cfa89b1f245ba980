/**
 * Keyboard movement through the stream: selection lives in one store, the
 * rows in another, so moving between them is coordinated here.
 */
import { useSelectionStore } from '../stores/selection-store'
import { useStreamStore } from '../stores/stream-store'

export function moveSelection(delta: number): void {
  const { rows } = useStreamStore.getState()
  if (rows.length === 0) return
  const { selectedId, select } = useSelectionStore.getState()
  const index = selectedId === null ? -1 : rows.findIndex((row) => row.id === selectedId)
  const nextIndex = index === -1 ? 0 : Math.min(rows.length - 1, Math.max(0, index + delta))
  const next = rows[nextIndex]
  if (next) select(next.id)
}

export function selectEdge(edge: 'first' | 'last'): void {
  const { rows } = useStreamStore.getState()
  const row = edge === 'first' ? rows[0] : rows[rows.length - 1]
  if (row) useSelectionStore.getState().select(row.id)
}
