/** Pre-send checks against the environment picked in the UI (see shared/preflight). */
import { preflight, type PreflightInput, type PreflightWarning } from '../../../shared/preflight'
import { useEnvironmentsStore } from '../stores/environments-store'

export function sendWarnings(
  environmentId: string,
  send: Omit<PreflightInput, 'environment'>,
): PreflightWarning[] {
  const environment = useEnvironmentsStore.getState().environments.find((e) => e.id === environmentId)
  return environment ? preflight({ environment, ...send }) : []
}
