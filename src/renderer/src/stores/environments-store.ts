/**
 * Environments and their (masked) credentials. The engine never sends a
 * secret back; a key typed here goes to the engine once and the store only
 * ever holds its masked form.
 */
import { create } from 'zustand'
import type { EnvironmentView } from '../../../shared/contract/send'
import type { EnvironmentInput } from '../../../shared/contract/send.schemas'
import { api } from '../api/client'
import { errorMessage } from '../api/api-error'

const LAST_ENV_KEY = 'track-debugger-send-environment'

interface EnvironmentsState {
  environments: EnvironmentView[]
  loaded: boolean
  error: string | null
  /** The environment sends go to unless the user picks another; remembered across runs. */
  lastUsedId: string
  load: () => Promise<void>
  save: (input: EnvironmentInput) => Promise<EnvironmentView | null>
  remove: (id: string) => Promise<boolean>
  setCredentials: (
    id: string,
    patch: { apiKey?: string | null; bearerToken?: string | null },
  ) => Promise<boolean>
  use: (id: string) => void
}

function loadLastUsed(): string {
  try {
    return localStorage.getItem(LAST_ENV_KEY) ?? 'development'
  } catch {
    return 'development'
  }
}

export const useEnvironmentsStore = create<EnvironmentsState>()((set, get) => {
  let subscribed = false

  return {
    environments: [],
    loaded: false,
    error: null,
    lastUsedId: loadLastUsed(),

    load: async () => {
      if (!subscribed) {
        subscribed = true
        api().on('environments.changed', (environments) => set({ environments, loaded: true }))
      }
      try {
        set({ environments: await api()['environments.list']({}), loaded: true, error: null })
      } catch (error) {
        set({ error: errorMessage(error) })
      }
    },

    save: async (input) => {
      try {
        const saved = await api()['environments.save'](input)
        set({ error: null })
        await get().load()
        return saved
      } catch (error) {
        set({ error: errorMessage(error) })
        return null
      }
    },

    remove: async (id) => {
      try {
        await api()['environments.delete']({ id })
        if (get().lastUsedId === id) get().use('development')
        await get().load()
        return true
      } catch (error) {
        set({ error: errorMessage(error) })
        return false
      }
    },

    setCredentials: async (id, patch) => {
      try {
        await api()['environments.setCredentials']({ id, ...patch })
        set({ error: null })
        await get().load()
        return true
      } catch (error) {
        set({ error: errorMessage(error) })
        return false
      }
    },

    use: (id) => {
      try {
        localStorage.setItem(LAST_ENV_KEY, id)
      } catch {
        // Not remembered; still used now.
      }
      set({ lastUsedId: id })
    },
  }
})

/** The remembered environment if it still exists, else Development. */
export function currentEnvironmentId(state: Pick<EnvironmentsState, 'environments' | 'lastUsedId'>): string {
  return state.environments.some((e) => e.id === state.lastUsedId) ? state.lastUsedId : 'development'
}
