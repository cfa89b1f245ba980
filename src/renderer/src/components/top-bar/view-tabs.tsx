import type { ReactNode } from 'react'
import { useViewStore } from '../../stores/view-store'
import { VIEWS } from '../app/views'

/** Switches between the app's screens; hidden while there is only one. */
export function ViewTabs(): ReactNode {
  const view = useViewStore((s) => s.view)
  const show = useViewStore((s) => s.show)
  if (VIEWS.length < 2) return null
  return (
    <nav className="view-tabs" role="tablist" aria-label="Screens">
      {VIEWS.map((v) => (
        <button
          key={v.id}
          type="button"
          role="tab"
          aria-selected={view === v.id}
          className={`view-tab${view === v.id ? ' is-active' : ''}`}
          data-testid={`view-${v.id}`}
          onClick={() => show(v.id)}
        >
          {v.label}
        </button>
      ))}
    </nav>
  )
}
