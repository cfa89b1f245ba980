/** Which screen is showing. The list of screens lives in components/app/views.tsx. */
import { create } from 'zustand'

export interface ViewState {
  view: string
  show: (view: string) => void
}

export const useViewStore = create<ViewState>((set) => ({
  view: 'stream',
  show: (view) => set({ view }),
}))
