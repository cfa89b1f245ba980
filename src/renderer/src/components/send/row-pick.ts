/**
 * Multi-select in the stream for batch sends: ctrl/cmd-click toggles a
 * row, shift-click picks the range from the last picked row; the row open
 * in the detail pane counts as picked when the first such click comes. A
 * plain click inspects one row as before and drops the picks.
 */
import type { MouseEvent } from 'react'
import { useSendStore } from '../../stores/send-store'
import { useSelectionStore } from '../../stores/selection-store'
import { useStreamStore } from '../../stores/stream-store'

export function handleRowClick(
  id: number,
  event: MouseEvent | undefined,
  select: (id: number) => void,
): void {
  const send = useSendStore.getState()
  if (event && (event.ctrlKey || event.metaKey || event.shiftKey)) {
    // Shift-click would otherwise select the text between the two rows.
    event.preventDefault()
    const order = useStreamStore.getState().rows.map((r) => r.id)
    send.pick(id, event.shiftKey, order, useSelectionStore.getState().selectedId)
    return
  }
  if (send.picked.length > 0) send.clearPicked()
  select(id)
}
