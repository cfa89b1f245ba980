/**
 * Open/close state for a popover anchored in one element: a press outside
 * that element or Escape closes it. One implementation, so every popover
 * in the app behaves the same for mouse and keyboard users.
 */
import { useEffect, useRef, useState, type Dispatch, type RefObject, type SetStateAction } from 'react'

export interface Popover {
  open: boolean
  setOpen: Dispatch<SetStateAction<boolean>>
  /** Attach to the element that holds both the trigger and the popover. */
  anchor: RefObject<HTMLDivElement | null>
}

export function usePopover(): Popover {
  const [open, setOpen] = useState(false)
  const anchor = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (!open) return
    const onPointer = (event: PointerEvent): void => {
      if (!anchor.current?.contains(event.target as Node)) setOpen(false)
    }
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') {
        event.preventDefault()
        setOpen(false)
      }
    }
    document.addEventListener('pointerdown', onPointer)
    document.addEventListener('keydown', onKey)
    return () => {
      document.removeEventListener('pointerdown', onPointer)
      document.removeEventListener('keydown', onKey)
    }
  }, [open])
  return { open, setOpen, anchor }
}
