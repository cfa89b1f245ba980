/**
 * The composer: a draft track / identify / group call started from a
 * template or a saved payload, with placeholders resolved by the engine at
 * send time; saved payloads live in the engine's collections table. The
 * draft itself is kept in the browser's storage, so a reload (or a restart
 * of the app) finds it as it was left.
 */
import { create } from 'zustand'
import { createJSONStorage, persist, type StateStorage } from 'zustand/middleware'
import type { SavedPayload, SendCallType, SendOutcome } from '../../../shared/contract/send'
import { api } from '../api/client'
import { errorMessage } from '../api/api-error'
import { TEMPLATES } from '../components/composer/templates'

interface ComposerState {
  callType: SendCallType
  text: string
  /** The saved payload being edited, if the draft came from one. */
  savedId: number | null
  name: string
  collection: string
  saved: SavedPayload[]
  sending: boolean
  outcome: SendOutcome | null
  error: string | null
  notice: string | null

  useTemplate: (callType: SendCallType) => void
  open: (payload: SavedPayload) => void
  setText: (text: string) => void
  setCallType: (callType: SendCallType) => void
  setName: (name: string) => void
  setCollection: (collection: string) => void
  loadSaved: () => Promise<void>
  save: () => Promise<void>
  remove: (id: number) => Promise<void>
  send: (environmentId: string) => Promise<void>
}

export const DRAFT_KEY = 'track-debugger-composer-draft'

/** localStorage, quiet when it is full or unavailable: losing a draft must not break the composer. */
const draftStorage: StateStorage = {
  getItem: (key) => {
    try {
      return localStorage.getItem(key)
    } catch {
      return null
    }
  },
  setItem: (key, value) => {
    try {
      localStorage.setItem(key, value)
    } catch {
      // Over the storage quota (a multi-megabyte draft): the draft stays in memory only.
    }
  },
  removeItem: (key) => {
    try {
      localStorage.removeItem(key)
    } catch {
      // Nothing to remove.
    }
  },
}

export const useComposerStore = create<ComposerState>()(
  persist(
    (set, get) => ({
      callType: 'track',
      text: TEMPLATES.track,
      savedId: null,
      name: '',
      collection: 'Saved',
      saved: [],
      sending: false,
      outcome: null,
      error: null,
      notice: null,

      useTemplate: (callType) =>
        set({
          callType,
          text: TEMPLATES[callType],
          savedId: null,
          name: '',
          outcome: null,
          error: null,
          notice: null,
        }),

      open: (p) =>
        set({
          callType: p.callType,
          text: p.body,
          savedId: p.id,
          name: p.name,
          collection: p.collection,
          outcome: null,
          error: null,
          notice: null,
        }),

      setText: (text) => set({ text }),
      setCallType: (callType) => set({ callType }),
      setName: (name) => set({ name }),
      setCollection: (collection) => set({ collection }),

      loadSaved: async () => {
        try {
          set({ saved: await api()['collections.list']({}) })
        } catch (error) {
          set({ error: errorMessage(error) })
        }
      },

      save: async () => {
        const { name, collection, callType, text } = get()
        if (name.trim() === '') {
          set({ error: 'Give the payload a name to save it.', notice: null })
          return
        }
        try {
          const saved = await api()['collections.save']({
            name: name.trim(),
            collection: collection.trim() || 'Saved',
            callType,
            body: text,
          })
          set({ savedId: saved.id, error: null, notice: `Saved “${saved.name}” in ${saved.collection}.` })
          await get().loadSaved()
        } catch (error) {
          set({ error: errorMessage(error), notice: null })
        }
      },

      remove: async (id) => {
        try {
          await api()['collections.delete']({ id })
          if (get().savedId === id) set({ savedId: null })
          await get().loadSaved()
        } catch (error) {
          set({ error: errorMessage(error) })
        }
      },

      send: async (environmentId) => {
        if (get().sending) return
        set({ sending: true, error: null, notice: null })
        try {
          const outcome = await api()['send.request']({
            environmentId,
            callType: get().callType,
            body: get().text,
            origin: 'composed',
          })
          set({ outcome, sending: false })
        } catch (error) {
          set({ sending: false, error: errorMessage(error) })
        }
      },
    }),
    {
      name: DRAFT_KEY,
      version: 1,
      storage: createJSONStorage(() => draftStorage),
      partialize: (s) => ({
        callType: s.callType,
        text: s.text,
        savedId: s.savedId,
        name: s.name,
        collection: s.collection,
      }),
    },
  ),
)
