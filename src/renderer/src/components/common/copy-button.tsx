import { useEffect, useRef, useState, type ReactNode } from 'react'
import { copyText } from '../../lib/clipboard'
import { CheckIcon, CopyIcon } from './icons'

interface CopyButtonProps {
  /** The text to copy, or a function producing it (for large values serialised only on click). */
  text: string | (() => string)
  label?: string
  /** Icon only, with `label` as its accessible name. */
  compact?: boolean
  className?: string
  testId?: string
}

export function CopyButton({
  text,
  label = 'Copy',
  compact = false,
  className,
  testId,
}: CopyButtonProps): ReactNode {
  const [copied, setCopied] = useState(false)
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  useEffect(() => () => clearTimeout(timer.current), [])

  const onClick = async (): Promise<void> => {
    const ok = await copyText(typeof text === 'function' ? text() : text)
    if (!ok) return
    setCopied(true)
    clearTimeout(timer.current)
    timer.current = setTimeout(() => setCopied(false), 1200)
  }

  return (
    <button
      type="button"
      className={`btn btn-ghost copy-button${compact ? ' btn-icon' : ''}${copied ? ' is-copied' : ''}${className ? ` ${className}` : ''}`}
      onClick={() => void onClick()}
      title={copied ? 'Copied' : label}
      aria-label={compact ? label : undefined}
      data-testid={testId}
    >
      {copied ? <CheckIcon /> : <CopyIcon />}
      {!compact && <span>{copied ? 'Copied' : label}</span>}
    </button>
  )
}
