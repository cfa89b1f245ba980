/**
 * The app's screens, in tab order. A feature adds its screen here: an id,
 * a label and the component. The tab bar and the app shell read only this
 * list.
 */
import type { ReactNode } from 'react'
import { PlanScreen } from '../plan/plan-screen'
import { ComposerView } from '../composer/composer-view'
import { EnvironmentsView } from '../environments/environments-view'
import { SettingsView } from '../settings/settings-view'
import { SessionsView } from '../sessions/sessions-view'
import { SetupScreen } from '../setup/setup-screen'
import { StreamWorkspace } from './stream-workspace'

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
