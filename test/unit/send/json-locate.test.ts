import { ensureSyntaxTree } from '@codemirror/language'
import { json } from '@codemirror/lang-json'
import { EditorState } from '@codemirror/state'
import { describe, expect, it } from 'vitest'
import { locate } from '../../../src/renderer/src/components/editor/json-locate'

function at(text: string, index: number, path: string): string {
  const state = EditorState.create({ doc: text, extensions: [json()] })
  ensureSyntaxTree(state, state.doc.length, 5000)
  const { from, to } = locate(state, index, path)
  return text.slice(from, to)
}

describe('finding locations in the editor', () => {
  const body = `[
  {"event_name": "a", "properties": {"plan": "pro", "a/b": 1}},
  {"event_name": "b", "properties": {"plan": 42}, "tags": ["x", "y"]}
]`
  it('walks the event index and the JSON pointer', () => {
    expect(at(body, 1, '/properties/plan')).toBe('42')
    expect(at(body, 0, '/properties/plan')).toBe('"pro"')
    expect(at(body, 0, '/properties/a~1b')).toBe('1')
    expect(at(body, 1, '/tags/1')).toBe('"y"')
  })
  it('falls back to the nearest parent that exists, marking one line of it', () => {
    expect(at(body, 1, '/properties/missing')).toBe('{"plan": 42}')
    expect(at(body, -1, '')).toBe('[')
  })
})
