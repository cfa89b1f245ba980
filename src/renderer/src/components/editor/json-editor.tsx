/**
 * A CodeMirror 6 JSON editor for Track payloads: syntax errors and the
 * engine's spec/plan findings inline, autocomplete from the log, and an
 * optional inline diff against the original (@codemirror/merge). The view
 * is created once; props reach it through refs and compartments, so typing
 * never rebuilds the editor.
 */
import type { Diagnostic } from '@codemirror/lint'
import { unifiedMergeView } from '@codemirror/merge'
import { Compartment, EditorState } from '@codemirror/state'
import { EditorView } from '@codemirror/view'
import { useEffect, useRef, type ReactNode } from 'react'
import type { DraftCheck, Vocabulary } from '../../../../shared/contract/send'
import { jsonEditorExtensions } from './editor-setup'

export interface EditorSummary {
  errors: number
  warnings: number
  syntax: string | null
}

interface JsonEditorProps {
  value: string
  onChange: (text: string) => void
  /** Shown as an inline diff when `showDiff` is on. */
  original?: string
  showDiff?: boolean
  check: (text: string) => Promise<DraftCheck | null>
  vocabulary: Vocabulary
  onSummary?: (summary: EditorSummary) => void
  label: string
  testId?: string
}

export function JsonEditor({
  value,
  onChange,
  original,
  showDiff = false,
  check,
  vocabulary,
  onSummary,
  label,
  testId,
}: JsonEditorProps): ReactNode {
  const host = useRef<HTMLDivElement>(null)
  const view = useRef<EditorView | null>(null)
  const diff = useRef(new Compartment())
  const latest = useRef({ onChange, check, vocabulary, onSummary })
  useEffect(() => {
    latest.current = { onChange, check, vocabulary, onSummary }
  })

  useEffect(() => {
    if (!host.current) return
    const summarize = (diagnostics: Diagnostic[]): void => {
      const syntaxError = diagnostics.find((d) => d.source === undefined && d.severity === 'error')
      latest.current.onSummary?.({
        errors: diagnostics.filter((d) => d.severity === 'error').length,
        warnings: diagnostics.filter((d) => d.severity === 'warning').length,
        syntax: syntaxError ? syntaxError.message : null,
      })
    }
    const editor = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: value,
        extensions: [
          jsonEditorExtensions(() => ({
            check: (text) => latest.current.check(text),
            vocabulary: () => latest.current.vocabulary,
            onChecked: summarize,
          })),
          diff.current.of([]),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) latest.current.onChange(update.state.doc.toString())
          }),
          EditorView.contentAttributes.of({ 'aria-label': label }),
        ],
      }),
    })
    view.current = editor
    return () => {
      editor.destroy()
      view.current = null
    }
    // The view is built once; later prop changes are applied by the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  // A new value from outside (a template, a saved payload, "Reset"): replace the text.
  useEffect(() => {
    const editor = view.current
    if (!editor || editor.state.doc.toString() === value) return
    editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value } })
  }, [value])

  useEffect(() => {
    view.current?.dispatch({
      effects: diff.current.reconfigure(
        showDiff && original !== undefined ? unifiedMergeView({ original, mergeControls: true }) : [],
      ),
    })
  }, [showDiff, original])

  return <div className="json-editor" ref={host} data-testid={testId} />
}
