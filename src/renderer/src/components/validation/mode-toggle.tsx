import type { ReactNode } from 'react'
import type { ValidationMode } from '../../../../shared/contract/validation'
import { useValidationStore } from '../../stores/validation-store'

const TITLES: Record<ValidationMode, string> = {
  strict:
    'Invalid calls are answered 400, as the real API would (strict). Lenient answers 200 and only records findings.',
  lenient:
    'Every call is answered 200; findings are only recorded (lenient). Strict answers invalid calls 400, as the real API would.',
}

/**
 * How the capture server answers invalid calls (status bar); a segmented switch so both choices are
 * always visible. It shows the mode the engine has confirmed: a click marks its choice as pending
 * until then, so a call sent after the switch shows the new mode is answered by it.
 */
export function ModeToggle(): ReactNode {
  const mode = useValidationStore((s) => s.mode)
  const pending = useValidationStore((s) => s.pending)
  const error = useValidationStore((s) => s.modeError)
  const setMode = useValidationStore((s) => s.setMode)
  if (!mode) return null
  return (
    <div
      className={`mode-toggle${error ? ' has-error' : ''}`}
      role="radiogroup"
      aria-label="Answer invalid calls"
      aria-busy={pending !== null}
      title={error ?? TITLES[mode]}
      data-testid="mode-toggle"
      data-mode={mode}
    >
      <span className="mode-toggle-label">Invalid calls get</span>
      {(['strict', 'lenient'] as const).map((m) => (
        <button
          key={m}
          type="button"
          role="radio"
          aria-checked={mode === m}
          className={`mode-option${mode === m ? ' is-on' : ''}${pending === m ? ' is-pending' : ''} mode-${m}`}
          onClick={() => void setMode(m)}
          data-testid={`mode-${m}`}
        >
          {m === 'strict' ? 'Strict 400' : 'Lenient 200'}
        </button>
      ))}
      {error && (
        <span className="mode-toggle-error" role="alert" data-testid="mode-error">
          not changed
        </span>
      )}
    </div>
  )
}
