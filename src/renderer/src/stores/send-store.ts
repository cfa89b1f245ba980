/**
 * Edit & resend, batch sends of picked stream rows, and the capture mode.
 *
 * - The resend draft starts from the captured text and lives here until
 *   sent; captured data is never changed.
 * - `picked` is the stream's multi-selection (ctrl/cmd-click toggles,
 *   shift-click extends), separate from the single row under inspection.
 */
import { create } from 'zustand'
import type {
  CopyFormat,
  CaptureModeState,
  DraftCheck,
  RelatedEntries,
  SendCallType,
  SendOutcome,
  UpstreamExchange,
  Vocabulary,
} from '../../../shared/contract/send'
import type { CaptureModePatch } from '../../../shared/contract/send.schemas'
import type { CallType, EventDetail } from '../../../shared/model'
import { api } from '../api/client'
import { errorMessage } from '../api/api-error'

export interface ResendDraft {
  sourceEventId: number
  sourceRequestId: number
  callType: SendCallType
  title: string
  /** The Content-Type the captured original arrived with. */
  contentType: string | null
  original: string
  text: string
}

interface SendState {
  mode: CaptureModeState | null
  modeError: string | null
  draft: ResendDraft | null
  sending: boolean
  outcome: SendOutcome | null
  sendError: string | null
  vocabulary: Vocabulary
  picked: number[]
  /** Row the next shift-click extends from. */
  pickAnchor: number | null
  batchSending: boolean
  batchResult: { outcomes: SendOutcome[]; error: string | null } | null

  loadMode: () => Promise<void>
  setMode: (patch: CaptureModePatch) => Promise<void>
  openResend: (detail: EventDetail) => void
  setText: (text: string) => void
  resetText: () => void
  closeResend: () => void
  send: (environmentId: string) => Promise<SendOutcome | null>
  loadVocabulary: () => Promise<void>
  /** `inspected`: the row open in the detail pane, which a first ctrl/shift-click keeps in the selection. */
  pick: (id: number, extend: boolean, order: readonly number[], inspected?: number | null) => void
  clearPicked: () => void
  sendPicked: (environmentId: string, grouping: 'batch' | 'each') => Promise<void>
  /** What the detail pane shows about the selected request's sends: upstream exchange and links. */
  info: { requestId: number; exchange: UpstreamExchange | null; related: RelatedEntries } | null
  loadInfo: (requestId: number) => Promise<void>
  checkDraft: (callType: CallType, text: string) => Promise<DraftCheck | null>
  /** Text for the clipboard: a logged request, or a draft. Secrets masked unless `reveal`. */
  copyAs: (
    source: { requestId: number } | { callType: SendCallType; body: string },
    format: CopyFormat,
    environmentId: string,
    reveal: boolean,
  ) => Promise<string | null>
}

function isSendable(t: string): t is SendCallType {
  return t === 'track' || t === 'identify' || t === 'group'
}

/** What the editor starts from: one event as a one-element batch, pretty-printed; a request's raw body as is. */
export function draftFor(detail: EventDetail): ResendDraft | null {
  const callType = detail.callType
  if (!isSendable(callType)) return null
  let text = detail.request.bodyText
  if (detail.kind === 'event' && detail.json !== null) {
    try {
      text = `[\n  ${JSON.stringify(JSON.parse(detail.json), null, 2).replace(/\n/g, '\n  ')}\n]`
    } catch {
      text = `[${detail.json}]`
    }
  }
  return {
    sourceEventId: detail.id,
    sourceRequestId: detail.requestId,
    callType,
    title: detail.eventName ?? `${callType} request #${detail.requestId}`,
    contentType: detail.request.contentType,
    original: text,
    text,
  }
}

export const useSendStore = create<SendState>()((set, get) => {
  let modeSubscribed = false
  let infoSequence = 0

  return {
    mode: null,
    modeError: null,
    draft: null,
    sending: false,
    outcome: null,
    sendError: null,
    vocabulary: { eventNames: [], propertyNames: [] },
    picked: [],
    pickAnchor: null,
    batchSending: false,
    batchResult: null,

    loadMode: async () => {
      if (!modeSubscribed) {
        modeSubscribed = true
        api().on('capture.modeChanged', (mode) => set({ mode }))
      }
      try {
        set({ mode: await api()['capture.getMode']({}), modeError: null })
      } catch (error) {
        set({ modeError: errorMessage(error) })
      }
    },

    setMode: async (patch) => {
      try {
        set({ mode: await api()['capture.setMode'](patch), modeError: null })
      } catch (error) {
        set({ modeError: errorMessage(error) })
      }
    },

    openResend: (detail) => {
      const draft = draftFor(detail)
      if (!draft) return
      set({ draft, outcome: null, sendError: null, sending: false })
      void get().loadVocabulary()
    },

    setText: (text) => set((s) => (s.draft ? { draft: { ...s.draft, text } } : {})),
    resetText: () => set((s) => (s.draft ? { draft: { ...s.draft, text: s.draft.original } } : {})),
    closeResend: () => set({ draft: null, outcome: null, sendError: null }),

    send: async (environmentId) => {
      const draft = get().draft
      if (!draft || get().sending) return null
      set({ sending: true, sendError: null })
      try {
        const outcome = await api()['send.request']({
          environmentId,
          callType: draft.callType,
          body: draft.text,
          origin: 'resend',
          parentRequestId: draft.sourceRequestId,
        })
        set({ outcome, sending: false })
        if (get().info?.requestId === draft.sourceRequestId) void get().loadInfo(draft.sourceRequestId)
        return outcome
      } catch (error) {
        set({ sending: false, sendError: errorMessage(error) })
        return null
      }
    },

    loadVocabulary: async () => {
      try {
        set({ vocabulary: await api()['send.vocabulary']({}) })
      } catch {
        // Autocomplete is a help, not a requirement.
      }
    },

    pick: (id, extend, order, inspected = null) => {
      let { picked, pickAnchor } = get()
      // The row already open in the detail pane is the first of the selection, as in a file manager.
      if (picked.length === 0 && inspected !== null && order.includes(inspected)) {
        picked = [inspected]
        pickAnchor = inspected
      }
      if (extend && pickAnchor !== null) {
        const a = order.indexOf(pickAnchor)
        const b = order.indexOf(id)
        if (a !== -1 && b !== -1) {
          const range = order.slice(Math.min(a, b), Math.max(a, b) + 1)
          set({ picked: [...new Set([...picked, ...range])], pickAnchor, batchResult: null })
          return
        }
      }
      set({
        picked: picked.includes(id) ? picked.filter((p) => p !== id) : [...picked, id],
        pickAnchor: id,
        batchResult: null,
      })
    },

    clearPicked: () => set({ picked: [], pickAnchor: null, batchResult: null }),

    sendPicked: async (environmentId, grouping) => {
      const ids = get().picked
      if (ids.length === 0 || get().batchSending) return
      set({ batchSending: true, batchResult: null })
      try {
        const outcomes = await api()['send.batch']({ environmentId, eventIds: ids, grouping })
        set({ batchSending: false, batchResult: { outcomes, error: null } })
      } catch (error) {
        set({ batchSending: false, batchResult: { outcomes: [], error: errorMessage(error) } })
      }
    },

    info: null,
    loadInfo: async (requestId) => {
      infoSequence++
      const seq = infoSequence
      try {
        const [exchange, related] = await Promise.all([
          api()['send.exchange']({ requestId }),
          api()['send.related']({ requestId }),
        ])
        if (seq === infoSequence) set({ info: { requestId, exchange, related } })
      } catch {
        if (seq === infoSequence) set({ info: null })
      }
    },

    checkDraft: async (callType, text) => {
      try {
        return await api()['send.validate']({ callType, body: text })
      } catch {
        return null
      }
    },

    copyAs: async (source, format, environmentId, reveal) => {
      try {
        const result =
          'requestId' in source
            ? await api()['send.copyAs']({
                requestId: source.requestId,
                format,
                environmentId,
                revealSecrets: reveal,
              })
            : await api()['send.copyDraft']({ ...source, format, environmentId, revealSecrets: reveal })
        return result.text
      } catch (error) {
        set({ sendError: errorMessage(error) })
        return null
      }
    },
  }
})
