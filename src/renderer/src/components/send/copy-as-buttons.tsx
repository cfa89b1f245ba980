import { useState, type ReactNode } from 'react'
import type { SendCallType } from '../../../../shared/contract/send'
import { copyText } from '../../lib/clipboard'
import { useSendStore } from '../../stores/send-store'

/** "Copy as curl" / "Copy as SDK call": credentials masked unless the user ticks the box. */
export function CopyAsButtons({
  source,
  environmentId,
}: {
  source: { requestId: number } | { callType: SendCallType; body: string }
  environmentId: string
}): ReactNode {
  const copyAs = useSendStore((s) => s.copyAs)
  const [reveal, setReveal] = useState(false)
  const [copied, setCopied] = useState<string | null>(null)
  const copy = async (format: 'curl' | 'sdk'): Promise<void> => {
    const text = await copyAs(source, format, environmentId, reveal)
    if (text !== null && (await copyText(text))) {
      setCopied(format)
      setTimeout(() => setCopied(null), 1200)
    }
  }
  return (
    <div className="copy-as">
      <button
        type="button"
        className="btn btn-small"
        onClick={() => void copy('curl')}
        data-testid="copy-as-curl"
      >
        {copied === 'curl' ? 'Copied' : 'Copy as curl'}
      </button>
      <button
        type="button"
        className="btn btn-small"
        onClick={() => void copy('sdk')}
        data-testid="copy-as-sdk"
      >
        {copied === 'sdk' ? 'Copied' : 'Copy as SDK call'}
      </button>
      <label className="copy-as-reveal" title="Put the real key in the copied text instead of ••••1234">
        <input type="checkbox" checked={reveal} onChange={(e) => setReveal(e.target.checked)} />
        include key
      </label>
    </div>
  )
}
