/**
 * Finds where a validator finding points in the editor's text: event
 * `index` of the body array, then the JSON pointer inside it, walked on
 * the Lezer JSON syntax tree. Falls back to the nearest existing parent
 * (a missing property is reported on the object that should hold it).
 */
import { syntaxTree } from '@codemirror/language'
import type { EditorState } from '@codemirror/state'
import type { SyntaxNode } from '@lezer/common'

function valueChildren(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = []
  for (let c = node.firstChild; c; c = c.nextSibling)
    if (!['[', ']', '{', '}', ','].includes(c.name)) out.push(c)
  return out
}

function propertyValue(prop: SyntaxNode): SyntaxNode | null {
  let c = prop.firstChild
  while (c && c.name !== ':') c = c.nextSibling
  return c?.nextSibling ?? null
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~')
}

function child(state: EditorState, node: SyntaxNode, segment: string): SyntaxNode | null {
  if (node.name === 'Array') {
    const i = Number(segment)
    return Number.isInteger(i) ? (valueChildren(node)[i] ?? null) : null
  }
  if (node.name === 'Object') {
    for (const prop of node.getChildren('Property')) {
      const nameNode = prop.getChild('PropertyName')
      if (!nameNode) continue
      let name: string
      try {
        name = JSON.parse(state.sliceDoc(nameNode.from, nameNode.to)) as string
      } catch {
        continue
      }
      if (name === segment) return propertyValue(prop) ?? nameNode
    }
  }
  return null
}

/** Range for event `index` (-1: the body itself) and pointer `path`. */
export function locate(state: EditorState, index: number, path: string): { from: number; to: number } {
  const top = syntaxTree(state).topNode.firstChild
  if (!top) return { from: 0, to: Math.min(1, state.doc.length) }
  let node: SyntaxNode = top
  if (index >= 0) {
    if (top.name === 'Array') {
      const el = valueChildren(top)[index]
      if (el) node = el
    }
  }
  for (const raw of path.split('/').slice(1)) {
    const next = child(state, node, unescapePointer(raw))
    if (!next) break
    node = next
  }
  // A whole object or array would paint half the document: mark its first line only.
  const end =
    node.name === 'Object' || node.name === 'Array'
      ? Math.min(node.to, state.doc.lineAt(node.from).to)
      : node.to
  return { from: node.from, to: Math.max(end, node.from + 1) }
}
