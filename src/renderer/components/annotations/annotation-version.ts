// A counter bumped after a bulk change to annotations, so an open annotation panel reloads.
import { create } from 'zustand'

type AnnotationVersion = { version: number; bump: () => void }

/** The annotation version store: `bump` after changing many events' annotations at once. */
export const useAnnotationVersion = create<AnnotationVersion>()((set) => ({
  version: 0,
  bump: () => {
    set((state) => ({ version: state.version + 1 }))
  },
}))
