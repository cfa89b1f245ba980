/**
 * Open/close state for a popover anchored in one element: a press outside
 * that element or Escape closes it, and the open panel is moved sideways
 * to stay inside the window, however near the edge its trigger sits. One
 * implementation, so every popover in the app behaves the same for mouse
 * and keyboard users.
 */
import {
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type Dispatch,
  type RefObject,
  type SetStateAction,
} from 'react'

/** Space kept between a popover and the window's edge. */
const EDGE = 8

/** Shifts the anchor's popover panel sideways so it fits the window (CSS anchors it to its trigger). */
function keepInWindow(anchor: HTMLElement): void {
  const panel = anchor.querySelector<HTMLElement>(':scope > .popover')
  if (!panel) return
  panel.style.translate = ''
  const box = panel.getBoundingClientRect()
  let shift = 0
  if (box.right > window.innerWidth - EDGE) shift = window.innerWidth - EDGE - box.right
  if (box.left + shift < EDGE) shift = EDGE - box.left
  if (shift !== 0) panel.style.translate = `${Math.round(shift)}px 0`
}

export interface Popover {
  open: boolean
  setOpen: Dispatch<SetStateAction<boolean>>
  /** Attach to the element that holds both the trigger and the popover. */
  anchor: RefObject<HTMLDivElement | null>
}

export function usePopover(): Popover {
  const [open, setOpen] = useState(false)
  const anchor = useRef<HTMLDivElement>(null)
  useLayoutEffect(() => {
    const el = anchor.current
    if (!open || !el) return
    const place = (): void => keepInWindow(el)
    place()
    window.addEventListener('resize', place)
    return () => window.removeEventListener('resize', place)
  }, [open])
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
