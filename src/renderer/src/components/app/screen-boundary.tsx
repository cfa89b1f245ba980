/**
 * Holds the current screen. Every screen but the stream is loaded the first time it is opened
 * (views.tsx): while its code arrives its place stays empty and busy, and if the code cannot be
 * loaded (the server stopped, or was updated under an open page) the screen says so, with a way
 * to try again, instead of the whole window going blank.
 */
import { Component, Suspense, type ReactNode } from 'react'

interface Props {
  /** The screen's name, for the message if it fails. */
  label: string
  children: ReactNode
}

interface State {
  error: Error | null
}

export class ScreenBoundary extends Component<Props, State> {
  override state: State = { error: null }

  static getDerivedStateFromError(error: Error): State {
    return { error }
  }

  override render(): ReactNode {
    const { error } = this.state
    if (error)
      return (
        <main className="screen-failed" role="alert" data-testid="screen-failed">
          <h1>The {this.props.label} screen could not be loaded</h1>
          <p>{error.message}</p>
          {/* A module that failed to load stays failed for this page: only a reload asks again. */}
          <button type="button" className="btn btn-primary" onClick={() => window.location.reload()}>
            Reload the page
          </button>
        </main>
      )
    return (
      <Suspense fallback={<main className="screen-loading" aria-busy="true" data-testid="screen-loading" />}>
        {this.props.children}
      </Suspense>
    )
  }
}
