import type { ReactNode } from 'react'
import { usePopover } from '../../hooks/use-popover'
import { currentEnvironmentId, useEnvironmentsStore } from '../../stores/environments-store'
import { CopyAsButtons } from './copy-as-buttons'
import { EnvironmentPicker } from './environment-picker'

/** "Copy as…" for a logged request: curl or SDK call against a chosen environment's URL and key. */
export function CopyAsMenu({ requestId }: { requestId: number }): ReactNode {
  const { open, setOpen, anchor } = usePopover()
  const envId = useEnvironmentsStore(currentEnvironmentId)
  const useEnv = useEnvironmentsStore((s) => s.use)
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
