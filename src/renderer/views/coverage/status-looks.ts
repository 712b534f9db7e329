// How each coverage status shows: a colour (in coverage.css), a glyph inside the cell so the
// status never rests on colour alone, a legend label and a sentence for the day's details.
import type { CoverageDay } from '../../../shared/sync-status-schemas'

type Looks = { glyph: string; label: string; explanation: string }

/** The glyph, label and explanation of each status, in legend order. */
export const statusLooks: Record<CoverageDay['status'], Looks> = {
  verified: {
    glyph: '✓',
    label: 'verified',
    explanation: 'verified: count and ids match the server (and its signature, where it signs)',
  },
  mismatched: {
    glyph: '!',
    label: 'mismatched',
    explanation: 'mismatched: the cache differs from the server; repair re-syncs the day',
  },
  gap: {
    glyph: '–',
    label: 'gap',
    explanation: 'gap: the cache lacks, or may lack, events of this day',
  },
  unverified: {
    glyph: '',
    label: 'unverified',
    explanation: 'unverified: not proved against the server (yet, or any more)',
  },
}
