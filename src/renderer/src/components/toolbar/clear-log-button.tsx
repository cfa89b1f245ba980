import { useState, type ReactNode } from 'react'
import { plural } from '../../lib/format'
import { useSettingsStore } from '../../stores/settings-store'
import { useStreamStore } from '../../stores/stream-store'
import { ConfirmDialog } from '../common/confirm-dialog'
import { TrashIcon } from '../common/icons'

export function ClearLogButton(): ReactNode {
  const [confirming, setConfirming] = useState(false)
  const clearLog = useStreamStore((s) => s.clearLog)
  const requests = useSettingsStore((s) => s.stats?.requests)

  return (
    <>
      <button
        type="button"
        className="btn btn-ghost"
        onClick={() => setConfirming(true)}
        title="Delete every captured call"
        data-testid="clear-button"
      >
        <TrashIcon />
        <span>Clear</span>
      </button>
      <ConfirmDialog
        open={confirming}
        title="Clear the log?"
        confirmLabel="Clear log"
        danger
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false)
          void clearLog()
        }}
      >
        This deletes{' '}
        {requests === undefined ? 'every captured request' : plural(requests, 'captured request')} and the
        events they carried, for every window showing this log. It cannot be undone.
      </ConfirmDialog>
    </>
  )
}
