import { useMemo, useState, type ReactNode } from 'react'
import type { Finding } from '../../../../shared/model'
import { CopyButton } from '../common/copy-button'
import { existingPointer, type JsonValue } from './json-model'
import { JsonNode } from './json-node'
import { JsonTreeContext, type ExpandMode } from './json-tree-context'

interface JsonTreeProps {
  value: JsonValue
  /** Findings whose `path` points into `value`; shown on their nodes. */
  findings?: Finding[]
  /** Text for "Copy JSON"; defaults to the value pretty-printed. */
  copyText?: string
  testId?: string
  /** Reveal and highlight the node at this JSON pointer (or its nearest existing ancestor). */
  focus?: { path: string; seq: number } | null
}

export function JsonTree({
  value,
  findings,
  copyText,
  testId = 'json-tree',
  focus = null,
}: JsonTreeProps): ReactNode {
  // Bumping `version` remounts every node so each one re-reads the expand mode.
  const [view, setView] = useState<{ mode: ExpandMode; version: number }>({ mode: 'default', version: 0 })
  const markers = useMemo(() => {
    const map = new Map<string, Finding[]>()
    for (const finding of findings ?? []) {
      // A finding about something missing (a required property) shows on the node that should hold it.
      const at = existingPointer(value, finding.path)
      const list = map.get(at)
      if (list) list.push(finding)
      else map.set(at, [finding])
    }
    return map
  }, [findings, value])
  // A missing property (plan.required) has no node: point at the object that should hold it.
  const resolved = useMemo(
    () => (focus ? { path: existingPointer(value, focus.path), seq: focus.seq } : null),
    [value, focus],
  )
  const context = useMemo(
    () => ({ mode: view.mode, markers, focus: resolved }),
    [view.mode, markers, resolved],
  )
  const setMode = (mode: ExpandMode): void => setView((v) => ({ mode, version: v.version + 1 }))

  return (
    <div className="json-tree" data-testid={testId}>
      <div className="json-tree-toolbar">
        <button type="button" className="btn btn-ghost btn-small" onClick={() => setMode('expand')}>
          Expand all
        </button>
        <button type="button" className="btn btn-ghost btn-small" onClick={() => setMode('collapse')}>
          Collapse all
        </button>
        <div className="toolbar-spacer" />
        <CopyButton
          text={() => copyText ?? JSON.stringify(value, null, 2)}
          label="Copy JSON"
          className="btn-small"
        />
      </div>
      <div className="json-tree-body" role="tree">
        <JsonTreeContext.Provider value={context}>
          <JsonNode key={view.version} name={null} value={value} pointer="" depth={0} siblingCount={1} />
        </JsonTreeContext.Provider>
      </div>
    </div>
  )
}
