import { createContext } from 'react'
import type { Finding } from '../../../../shared/model'

/** `default` opens what fits on a screen; the others come from Expand all / Collapse all. */
export type ExpandMode = 'default' | 'expand' | 'collapse'

export interface JsonTreeContextValue {
  mode: ExpandMode
  /** Findings by JSON pointer, shown on the node they point at. */
  markers: ReadonlyMap<string, Finding[]>
  /** The node to reveal (its ancestors open) and highlight; `seq` changes on every request, even for the same path. */
  focus: { path: string; seq: number } | null
}

export const JsonTreeContext = createContext<JsonTreeContextValue>({
  mode: 'default',
  markers: new Map(),
  focus: null,
})
