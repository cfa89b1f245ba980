import { useEffect, useRef, type ReactNode } from 'react'

interface ConfirmDialogProps {
  open: boolean
  title: string
  children: ReactNode
  confirmLabel: string
  danger?: boolean
  onConfirm: () => void
  onCancel: () => void
}

/**
 * A native modal <dialog>: focus trapping, Escape and the backdrop come from the browser.
 *
 * Focus is given when it opens: Cancel for a dangerous action, so that Enter never destroys
 * anything, else the confirm button. (React's `autoFocus` would call focus() when the closed
 * dialog mounts, which does nothing useful and made the browser lay out the whole page there,
 * once per dialog on the screen: 35 and 52 ms of the app's start in a profile on a slow machine.)
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  danger = false,
  onConfirm,
  onCancel,
}: ConfirmDialogProps): ReactNode {
  const ref = useRef<HTMLDialogElement>(null)
  const cancelRef = useRef<HTMLButtonElement>(null)
  const confirmRef = useRef<HTMLButtonElement>(null)

  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    if (open && !dialog.open) {
      dialog.showModal()
      const first = danger ? cancelRef.current : confirmRef.current
      first?.focus()
    }
    if (!open && dialog.open) dialog.close()
  }, [open, danger])

  return (
    <dialog
      ref={ref}
      className="dialog"
      onCancel={(e) => e.target === e.currentTarget && onCancel()}
      onClose={(e) => e.target === e.currentTarget && onCancel()}
      aria-labelledby="confirm-title"
    >
      <h2 id="confirm-title" className="dialog-title">
        {title}
      </h2>
      <div className="dialog-body">{children}</div>
      <div className="dialog-actions">
        <button ref={cancelRef} type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
        <button
          ref={confirmRef}
          type="button"
          className={`btn ${danger ? 'btn-danger' : 'btn-primary'}`}
          onClick={onConfirm}
          data-testid="confirm-button"
        >
          {confirmLabel}
        </button>
      </div>
    </dialog>
  )
}
