/**
 * The app's screens, in tab order. A feature adds its screen here: an id,
 * a label and the component. The tab bar and the app shell read only this
 * list.
 */
import { lazy, type ComponentType, type ReactNode } from 'react'
import { StreamWorkspace } from './stream-workspace'

/**
 * A screen loaded the first time it is opened: the page starts with the stream's code only, which
 * is what its first rows wait for (the sessions screen alone, with its pattern checker, was a
 * quarter of the startup bundle). App holds it in a ScreenBoundary.
 */
function onDemand<M>(load: () => Promise<M>, pick: (module: M) => ComponentType): ComponentType {
  return lazy(async () => ({ default: pick(await load()) }))
}

const PlanScreen = onDemand(
  () => import('../plan/plan-screen'),
  (m) => m.PlanScreen,
)
const SessionsView = onDemand(
  () => import('../sessions/sessions-view'),
  (m) => m.SessionsView,
)
const ComposerView = onDemand(
  () => import('../composer/composer-view'),
  (m) => m.ComposerView,
)
const EnvironmentsView = onDemand(
  () => import('../environments/environments-view'),
  (m) => m.EnvironmentsView,
)
const SetupScreen = onDemand(
  () => import('../setup/setup-screen'),
  (m) => m.SetupScreen,
)
const SettingsView = onDemand(
  () => import('../settings/settings-view'),
  (m) => m.SettingsView,
)

export interface ViewDef {
  id: string
  label: string
  render: () => ReactNode
}

export const VIEWS: readonly ViewDef[] = [
  { id: 'stream', label: 'Stream', render: () => <StreamWorkspace /> },
  { id: 'plan', label: 'Plan', render: () => <PlanScreen /> },
  { id: 'sessions', label: 'Sessions', render: () => <SessionsView /> },
  { id: 'compose', label: 'Compose', render: () => <ComposerView /> },
  { id: 'environments', label: 'Environments', render: () => <EnvironmentsView /> },
  { id: 'setup', label: 'Setup', render: () => <SetupScreen /> },
  { id: 'settings', label: 'Settings', render: () => <SettingsView /> },
]
