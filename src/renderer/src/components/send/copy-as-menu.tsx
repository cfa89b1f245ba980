import { useEffect, useRef, useState, type ReactNode } from 'react'
import { currentEnvironmentId, useEnvironmentsStore } from '../../stores/environments-store'
import { CopyAsButtons } from './copy-as-buttons'
import { EnvironmentPicker } from './environment-picker'

/** "Copy as…" for a logged request: curl or SDK call against a chosen environment's URL and key. */
export function CopyAsMenu({ requestId }: { requestId: number }): ReactNode {
  const [open, setOpen] = useState(false)
  const anchor = useRef<HTMLDivElement>(null)
  const envId = useEnvironmentsStore(currentEnvironmentId)
  const useEnv = useEnvironmentsStore((s) => s.use)
  useEffect(() => {
    if (!open) return
    const onDown = (e: MouseEvent): void => {
      if (!anchor.current?.contains(e.target as Node)) setOpen(false)
    }
    document.addEventListener('mousedown', onDown)
    return () => document.removeEventListener('mousedown', onDown)
  }, [open])
  return (
    <div className="popover-anchor" ref={anchor}>
      <button
        type="button"
        className="btn btn-small"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        data-testid="copy-as-menu"
      >
        Copy as…
      </button>
      {open && (
        <div className="popover copy-as-popover" role="dialog" aria-label="Copy as">
          <EnvironmentPicker
            value={envId}
            onChange={useEnv}
            testId="copy-as-environment"
            showUrl={false}
            label="URL and key of"
          />
          <CopyAsButtons source={{ requestId }} environmentId={envId} />
        </div>
      )}
    </div>
  )
}
