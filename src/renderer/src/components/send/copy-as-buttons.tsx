import { useState, type ReactNode } from 'react'
import type { CopyFormat, SendCallType } from '../../../../shared/contract/send'
import { copyText } from '../../lib/clipboard'
import { useSendStore } from '../../stores/send-store'

const LABEL: Record<CopyFormat, string> = {
  curl: 'curl',
  fetch: 'fetch',
  node: 'Node SDK',
  browser: 'Browser SDK',
}
const TITLE: Record<CopyFormat, string> = {
  curl: 'The exact request, for a terminal',
  fetch: 'The exact request, for a page or Node 18+',
  node: 'thrivestack-node-sdk, configured for this environment, every field kept',
  browser: 'thriveStack.track([...]) on a page that has loaded the SDK, every field kept',
}

/** Copy the payload as curl, fetch, a Node SDK or a browser SDK call: credentials masked unless the user ticks the box. */
export function CopyAsButtons({
  source,
  environmentId,
}: {
  source: { requestId: number } | { callType: SendCallType; body: string }
  environmentId: string
}): ReactNode {
  const copyAs = useSendStore((s) => s.copyAs)
  const [reveal, setReveal] = useState(false)
  const [copied, setCopied] = useState<CopyFormat | null>(null)
  const copy = async (format: CopyFormat): Promise<void> => {
    const text = await copyAs(source, format, environmentId, reveal)
    if (text !== null && (await copyText(text))) {
      setCopied(format)
      setTimeout(() => setCopied(null), 1200)
    }
  }
  return (
    <div className="copy-as" role="group" aria-label="Copy as">
      <span className="copy-as-label">Copy as</span>
      {(Object.keys(LABEL) as CopyFormat[]).map((format) => (
        <button
          key={format}
          type="button"
          className="btn btn-small"
          title={TITLE[format]}
          onClick={() => void copy(format)}
          data-testid={`copy-as-${format}`}
        >
          {copied === format ? 'Copied' : LABEL[format]}
        </button>
      ))}
      <label className="copy-as-reveal" title="Put the real key in the copied text instead of ••••1234">
        <input type="checkbox" checked={reveal} onChange={(e) => setReveal(e.target.checked)} />
        include key
      </label>
    </div>
  )
}
