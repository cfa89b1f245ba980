/**
 * Autocomplete for Track payloads: event names seen in the log after
 * `"event_name": "`, and property (or trait) names seen in the log inside
 * `properties` / `traits` objects, plus the fields of an event itself.
 */
import type { Completion, CompletionContext, CompletionResult } from '@codemirror/autocomplete'
import { syntaxTree } from '@codemirror/language'
import type { EditorState } from '@codemirror/state'
import type { SyntaxNode } from '@lezer/common'
import type { Vocabulary } from '../../../../shared/contract/send'

const EVENT_FIELDS = ['event_name', 'properties', 'user_id', 'context', 'timestamp', 'traits', 'group_id']
const CONTEXT_FIELDS = ['group_id', 'device_id', 'session_id', 'source']

/** Name of the property whose value `node` (an Object or String) is, if any. */
function ownerName(state: EditorState, node: SyntaxNode | null): string | null {
  const prop = node?.parent
  if (!prop || prop.name !== 'Property') return null
  const name = prop.getChild('PropertyName')
  if (!name) return null
  try {
    return JSON.parse(state.sliceDoc(name.from, name.to)) as string
  } catch {
    return null
  }
}

export function trackCompletions(vocabulary: () => Vocabulary) {
  return (ctx: CompletionContext): CompletionResult | null => {
    const node = syntaxTree(ctx.state).resolveInner(ctx.pos, -1)
    const quoted = node.name === 'String' || node.name === 'PropertyName'
    if (!quoted) return null
    const from = node.from + 1
    const to = Math.max(from, stringEnd(ctx.state, node))
    let options: string[] = []
    if (node.name === 'PropertyName') {
      const owner = ownerName(ctx.state, node.parent?.parent ?? null)
      if (owner === 'properties' || owner === 'traits') options = vocabulary().propertyNames
      else if (owner === 'context') options = CONTEXT_FIELDS
      else options = EVENT_FIELDS
    } else {
      const owner = ownerName(ctx.state, node)
      if (owner === 'event_name' || owner === 'event') options = vocabulary().eventNames
      else return null
    }
    if (options.length === 0) return null
    const list: Completion[] = options.map((label) => ({
      label,
      type: node.name === 'PropertyName' ? 'property' : 'constant',
    }))
    return { from, to, options: list, validFor: /^[\w$.\- ]*$/ }
  }
}

/** End of the string's content (before its closing quote, when it has one). */
function stringEnd(state: EditorState, node: SyntaxNode): number {
  const text = state.sliceDoc(node.from, node.to)
  return text.length > 1 && text.endsWith('"') ? node.to - 1 : node.to
}
