/**
 * Devtools-style keys that work wherever focus is, except where the key
 * already means something (text fields, dialogs, a focused control that
 * handled it first and called preventDefault).
 */
import { useEffect } from 'react'
import { FILTER_INPUT_ID } from '../components/toolbar/filter-input'
import { moveSelection, selectEdge } from './stream-navigation'
import { useSelectionStore } from '../stores/selection-store'

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable) return true
  const tag = target.tagName
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT'
}

function focusFilter(): void {
  const input = document.getElementById(FILTER_INPUT_ID)
  if (input instanceof HTMLInputElement) {
    input.focus()
    input.select()
  }
}

export function useGlobalKeys(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || event.isComposing) return
      const mod = event.ctrlKey || event.metaKey
      if (mod && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'f') {
        event.preventDefault()
        focusFilter()
        return
      }
      if (mod || event.altKey || isEditable(event.target)) return
      if (document.querySelector('dialog[open]')) return

      switch (event.key) {
        case '/':
          focusFilter()
          break
        case 'ArrowDown':
          moveSelection(1)
          break
        case 'ArrowUp':
          moveSelection(-1)
          break
        case 'PageDown':
          moveSelection(20)
          break
        case 'PageUp':
          moveSelection(-20)
          break
        case 'Home':
          selectEdge('first')
          break
        case 'End':
          selectEdge('last')
          break
        case 'Escape':
          if (useSelectionStore.getState().selectedId === null) return
          useSelectionStore.getState().clear()
          break
        default:
          return
      }
      event.preventDefault()
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [])
}
