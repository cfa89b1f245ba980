import type { ReactNode } from 'react'
import { CopyButton } from './copy-button'

/** A snippet the user is meant to paste somewhere: monospace, scrollable, one-click copy. */
export function CodeBlock({
  code,
  label,
  testId,
}: {
  code: string
  label: string
  testId?: string
}): ReactNode {
  return (
    <div className="code-block" data-testid={testId}>
      <pre>
        <code>{code}</code>
      </pre>
      <CopyButton text={code} label={`Copy ${label}`} compact className="code-block-copy" />
    </div>
  )
}
