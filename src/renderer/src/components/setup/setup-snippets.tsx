import { useMemo, useState, type ReactNode } from 'react'
import { browserSdkSnippet, curlSnippet, nodeSdkSnippet } from '../../lib/snippets'
import { CodeBlock } from '../common/code-block'

type SnippetKind = 'browser' | 'node' | 'curl'

const TABS: { kind: SnippetKind; label: string }[] = [
  { kind: 'browser', label: 'Browser SDK' },
  { kind: 'node', label: 'Node SDK' },
  { kind: 'curl', label: 'curl' },
]

/** The ways to send a first call here, with the real capture URL filled in. */
export function SetupSnippets({
  captureUrl,
  initial = 'browser',
}: {
  captureUrl: string
  initial?: SnippetKind
}): ReactNode {
  const [kind, setKind] = useState<SnippetKind>(initial)
  const code = useMemo(() => {
    if (kind === 'browser') return browserSdkSnippet(captureUrl)
    if (kind === 'node') return nodeSdkSnippet(captureUrl)
    return curlSnippet(captureUrl)
  }, [kind, captureUrl])

  return (
    <div className="setup-snippets">
      <div className="segmented" role="tablist" aria-label="Client">
        {TABS.map((tab) => (
          <button
            key={tab.kind}
            type="button"
            role="tab"
            aria-selected={kind === tab.kind}
            className={`segmented-item${kind === tab.kind ? ' is-active' : ''}`}
            onClick={() => setKind(tab.kind)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <CodeBlock
        code={code}
        label={TABS.find((t) => t.kind === kind)?.label ?? 'snippet'}
        testId={`snippet-${kind}`}
      />
    </div>
  )
}
