import { memo, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import type { Finding } from '../../../../shared/model'
import { CopyButton } from '../common/copy-button'
import { AlertIcon, ChevronIcon, ErrorIcon, InfoIcon } from '../common/icons'
import {
  childPointer,
  copyableText,
  isContainer,
  preview,
  sizeOf,
  type JsonContainer,
  type JsonValue,
} from './json-model'
import { JsonTreeContext, type ExpandMode } from './json-tree-context'

/** Children render in slices: a 1,000-event body opens instantly and grows on request. */
const CHUNK = 100
const INDENT_PX = 14

interface JsonNodeProps {
  name: string | number | null
  value: JsonValue
  pointer: string
  depth: number
  siblingCount: number
}

function initiallyExpanded(mode: ExpandMode, depth: number, size: number, siblingCount: number): boolean {
  if (mode === 'expand') return true
  if (depth === 0) return true
  if (mode === 'collapse') return false
  return depth < 3 && size <= 50 && siblingCount <= 20
}

export const JsonNode = memo(function JsonNode({
  name,
  value,
  pointer,
  depth,
  siblingCount,
}: JsonNodeProps): ReactNode {
  const { mode, markers, focus } = useContext(JsonTreeContext)
  const container = isContainer(value)
  const size = container ? sizeOf(value) : 0
  const [expanded, setExpanded] = useState(
    () => container && initiallyExpanded(mode, depth, size, siblingCount),
  )
  const [limit, setLimit] = useState(CHUNK)
  const lineRef = useRef<HTMLDivElement>(null)
  const focused = focus !== null && focus.path === pointer
  // Revealing a focused descendant: open once per focus request, and page far enough to show it.
  const [revealedSeq, setRevealedSeq] = useState(0)
  if (focus && container && !focused && focus.path.startsWith(`${pointer}/`) && focus.seq !== revealedSeq) {
    setRevealedSeq(focus.seq)
    setExpanded(true)
    const child = focus.path.slice(pointer.length + 1).split('/')[0] ?? ''
    const position = Array.isArray(value) ? Number(child) : Object.keys(value).indexOf(unescapeToken(child))
    if (position >= limit) setLimit(position + 1)
  }
  useEffect(() => {
    if (focused) lineRef.current?.scrollIntoView({ block: 'center' })
  }, [focused, focus?.seq])
  const marks = markers.get(pointer)
  const severity = marks ? worst(marks) : null

  return (
    <div
      className="json-node"
      role="treeitem"
      aria-expanded={container ? expanded : undefined}
      aria-level={depth + 1}
    >
      <div
        ref={lineRef}
        data-pointer={pointer}
        className={`json-line${severity ? ` has-${severity}` : ''}${focused ? ' is-focused' : ''}`}
        style={{ paddingLeft: depth * INDENT_PX + 4 }}
        onClick={container ? () => setExpanded((v) => !v) : undefined}
      >
        {container ? (
          <button
            type="button"
            className={`json-toggle${expanded ? ' is-open' : ''}`}
            aria-label={expanded ? 'Collapse' : 'Expand'}
            onClick={(e) => {
              e.stopPropagation()
              setExpanded((v) => !v)
            }}
          >
            <ChevronIcon size={10} />
          </button>
        ) : (
          <span className="json-toggle-spacer" />
        )}
        {name !== null && (
          <>
            <span className={typeof name === 'number' ? 'json-index' : 'json-key'}>{name}</span>
            <span className="json-colon">: </span>
          </>
        )}
        {container ? (
          <ContainerSummary value={value} size={size} expanded={expanded} />
        ) : (
          <Primitive value={value} />
        )}
        {marks && severity && <FindingMarker findings={marks} severity={severity} />}
        <span className="json-line-actions" onClick={(e) => e.stopPropagation()}>
          <CopyButton text={() => copyableText(value)} label="Copy value" compact className="json-copy" />
        </span>
      </div>
      {container && expanded && size > 0 && (
        <Children value={value} pointer={pointer} depth={depth} size={size} limit={limit} onMore={setLimit} />
      )}
    </div>
  )
})

function Children({
  value,
  pointer,
  depth,
  size,
  limit,
  onMore,
}: {
  value: JsonContainer
  pointer: string
  depth: number
  size: number
  limit: number
  onMore: (limit: number) => void
}): ReactNode {
  const entries = useMemo((): [string | number, JsonValue][] => {
    if (Array.isArray(value)) return value.slice(0, limit).map((item, i) => [i, item])
    return Object.keys(value)
      .slice(0, limit)
      .map((key) => [key, value[key] ?? null])
  }, [value, limit])
  const remaining = size - entries.length

  return (
    <div role="group">
      {entries.map(([key, child]) => (
        <JsonNode
          key={key}
          name={key}
          value={child}
          pointer={childPointer(pointer, key)}
          depth={depth + 1}
          siblingCount={size}
        />
      ))}
      {remaining > 0 && (
        <div className="json-line" style={{ paddingLeft: (depth + 1) * INDENT_PX + 4 }}>
          <span className="json-toggle-spacer" />
          <button type="button" className="link-button" onClick={() => onMore(limit + CHUNK)}>
            Show {Math.min(CHUNK, remaining)} more ({remaining.toLocaleString('en-US')} not shown)
          </button>
        </div>
      )}
    </div>
  )
}

function ContainerSummary({
  value,
  size,
  expanded,
}: {
  value: JsonContainer
  size: number
  expanded: boolean
}): ReactNode {
  const isArray = Array.isArray(value)
  const count = isArray
    ? `${size} ${size === 1 ? 'item' : 'items'}`
    : `${size} ${size === 1 ? 'key' : 'keys'}`
  if (size === 0) return <span className="json-bracket">{isArray ? '[]' : '{}'}</span>
  return (
    <>
      {expanded ? (
        <span className="json-bracket">{isArray ? '[' : '{'}</span>
      ) : (
        <span className="json-preview">{preview(value)}</span>
      )}
      <span className="json-count">{count}</span>
    </>
  )
}

function Primitive({ value }: { value: null | boolean | number | string }): ReactNode {
  if (value === null) return <span className="json-null">null</span>
  if (typeof value === 'string') return <span className="json-string">{JSON.stringify(value)}</span>
  if (typeof value === 'number') return <span className="json-number">{String(value)}</span>
  return <span className="json-boolean">{String(value)}</span>
}

type Level = 'error' | 'warning' | 'info'

function unescapeToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~')
}

function worst(findings: Finding[]): Level {
  if (findings.some((f) => f.severity === 'error')) return 'error'
  if (findings.some((f) => f.severity === 'warning')) return 'warning'
  return 'info'
}

function FindingMarker({ findings, severity }: { findings: Finding[]; severity: Level }): ReactNode {
  const Icon = severity === 'error' ? ErrorIcon : severity === 'warning' ? AlertIcon : InfoIcon
  return (
    <span className={`json-marker is-${severity}`} title={findings.map((f) => f.message).join('\n')}>
      <Icon size={12} />
      <span className="json-marker-text">{findings[0]?.message}</span>
    </span>
  )
}
