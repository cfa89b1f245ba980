/**
 * The JSON editor, loaded the first time a screen shows one. CodeMirror is most of the app's
 * JavaScript; keeping it out of the startup bundle lets the stream show its first rows sooner.
 */
import { lazy, Suspense, type ComponentProps, type ReactNode } from 'react'

const Editor = lazy(() => import('./json-editor').then((m) => ({ default: m.JsonEditor })))

export function LazyJsonEditor(props: ComponentProps<typeof Editor>): ReactNode {
  return (
    <Suspense fallback={<div className="json-editor is-loading" aria-busy="true" />}>
      <Editor {...props} />
    </Suspense>
  )
}
