/**
 * The CodeMirror extensions every JSON editor in the app shares: JSON
 * language, theme colours from the app's CSS variables (so light and dark
 * both work), syntax errors and validator findings as lint diagnostics,
 * and Track-aware autocomplete.
 */
import { autocompletion } from '@codemirror/autocomplete'
import { json, jsonParseLinter } from '@codemirror/lang-json'
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language'
import { linter, lintGutter, type Diagnostic } from '@codemirror/lint'
import type { Extension } from '@codemirror/state'
import { EditorView } from '@codemirror/view'
import { tags } from '@lezer/highlight'
import { basicSetup } from 'codemirror'
import type { DraftCheck, Vocabulary } from '../../../../shared/contract/send'
import { trackCompletions } from './json-complete'
import { locate } from './json-locate'

const highlight = HighlightStyle.define([
  { tag: tags.propertyName, color: 'var(--json-key)' },
  { tag: tags.string, color: 'var(--json-string)' },
  { tag: tags.number, color: 'var(--json-number)' },
  { tag: tags.bool, color: 'var(--json-boolean)' },
  { tag: tags.null, color: 'var(--json-null)' },
  { tag: tags.invalid, color: 'var(--bad)' },
])

const theme = EditorView.theme({
  '&': { height: '100%', backgroundColor: 'var(--bg)', color: 'var(--text)', fontSize: '12.5px' },
  '&.cm-focused': { outline: 'none' },
  '.cm-scroller': { fontFamily: 'var(--font-mono)', lineHeight: '1.55' },
  '.cm-content': { caretColor: 'var(--text)' },
  '.cm-cursor': { borderLeftColor: 'var(--text)' },
  '.cm-gutters': {
    backgroundColor: 'var(--bg-chrome)',
    color: 'var(--text-faint)',
    borderRight: '1px solid var(--border)',
  },
  '.cm-activeLine': { backgroundColor: 'color-mix(in srgb, var(--bg-hover) 60%, transparent)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--bg-hover)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': {
    backgroundColor: 'var(--bg-selected-strong) !important',
  },
  '.cm-tooltip': {
    backgroundColor: 'var(--bg-popover)',
    color: 'var(--text)',
    border: '1px solid var(--border-strong)',
  },
  '.cm-tooltip-autocomplete ul li[aria-selected]': {
    backgroundColor: 'var(--accent)',
    color: 'var(--text-on-accent)',
  },
  '.cm-diagnostic': { fontFamily: 'var(--font-ui)' },
  '.cm-changedLine': { backgroundColor: 'color-mix(in srgb, var(--ok) 10%, transparent) !important' },
  '.cm-changedText': { background: 'color-mix(in srgb, var(--ok) 28%, transparent) !important' },
  '.cm-deletedChunk': { backgroundColor: 'color-mix(in srgb, var(--bad) 10%, transparent) !important' },
  '.cm-deletedChunk del, .cm-deletedText': {
    background: 'color-mix(in srgb, var(--bad) 25%, transparent) !important',
  },
})

export interface EditorHooks {
  /** Runs the engine's validator on the text; null when it cannot (not a Track call). */
  check: (text: string) => Promise<DraftCheck | null>
  vocabulary: () => Vocabulary
  onChecked: (diagnostics: Diagnostic[]) => void
}

const syntax = jsonParseLinter()

/**
 * The text as the validator should judge it: placeholders stand in for
 * values of their kind (a timestamp for {{$now}}, a number for
 * {{$timestamp}}, the variable's name for an environment variable), since
 * the engine resolves the real ones only when sending.
 */
function previewResolved(text: string): string {
  const now = new Date()
  return text.replace(/\{\{\s*(\$?[\w.-]+)\s*\}\}/g, (_m, name: string) =>
    name === '$now'
      ? now.toISOString()
      : name === '$timestamp'
        ? String(now.getTime())
        : name === '$uuid'
          ? '00000000-0000-4000-8000-000000000000'
          : name,
  )
}

export function jsonEditorExtensions(hooks: () => EditorHooks): Extension[] {
  return [
    basicSetup,
    json(),
    syntaxHighlighting(highlight),
    theme,
    lintGutter(),
    linter(
      async (view) => {
        const text = view.state.doc.toString()
        // Placeholders like {{$timestamp}} are not JSON until the engine resolves them; check them resolved.
        const probe = text.replace(/\{\{\s*\$?[\w.-]+\s*\}\}/g, (m) => '0'.padEnd(m.length, ' '))
        const probeState = view.state.update({ changes: { from: 0, to: text.length, insert: probe } }).state
        const syntaxErrors = syntax({ state: probeState } as unknown as EditorView)
        if (syntaxErrors.length > 0) {
          hooks().onChecked(syntaxErrors)
          return syntaxErrors
        }
        const check = await hooks().check(previewResolved(text))
        if (!check || view.state.doc.toString() !== text) return []
        const diagnostics: Diagnostic[] = []
        const push = (index: number, f: DraftCheck['requestFindings'][number]): void => {
          const at = locate(view.state, index, f.path)
          diagnostics.push({ ...at, severity: f.severity, message: f.message, source: f.rule })
        }
        for (const f of check.requestFindings) push(-1, f)
        for (const e of check.events) for (const f of e.findings) push(e.index, f)
        hooks().onChecked(diagnostics)
        return diagnostics
      },
      { delay: 300 },
    ),
    autocompletion({ override: [trackCompletions(() => hooks().vocabulary())] }),
    EditorView.lineWrapping,
  ]
}
