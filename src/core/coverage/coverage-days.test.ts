import { describe, expect, it } from 'vitest'
import { dayMs, dayText } from '../verify/days'
import { gapDays, judgeCoverage, serverWindowDays, type GapDays } from './coverage-days'
import type { StoredDayCheck } from './coverage-store'

const today = 20_000 // 2024-10-04
const checkedAt = today * dayMs

function verified(day: number, localCount: number, at = checkedAt): [string, StoredDayCheck] {
  const date = dayText(day)
  return [
    date,
    { day: date, status: 'verified', localCount, serverCount: localCount, checkedAt: at },
  ]
}

function judge(options: {
  counts?: [number, number][]
  checks?: [string, StoredDayCheck][]
  gaps?: GapDays[]
}) {
  const days = judgeCoverage({
    today,
    counts: new Map(options.counts ?? []),
    checks: new Map(options.checks ?? []),
    gaps: options.gaps ?? [],
  })
  return (day: number) => days.find((entry) => entry.date === dayText(day))
}

describe('the coverage calendar', () => {
  it('spans the server’s window and every older cached day, oldest first', () => {
    const days = judgeCoverage({
      today,
      counts: new Map([[today - 200, 3]]),
      checks: new Map(),
      gaps: [],
    })
    expect(days[0]?.date).toBe(dayText(today - 200))
    expect(days.at(-1)?.date).toBe(dayText(today))
    expect(days).toHaveLength(201)
    const empty = judgeCoverage({ today, counts: new Map(), checks: new Map(), gaps: [] })
    expect(empty).toHaveLength(serverWindowDays)
    expect(empty.every((day) => day.status === 'unverified' && day.events === 0)).toBe(true)
  })

  it('keeps a verified day verified only while it holds the count it was proved with', () => {
    const day = judge({
      counts: [
        [today - 3, 10],
        [today - 1, 12],
      ],
      checks: [verified(today - 3, 10), verified(today - 1, 11)],
    })
    expect(day(today - 3)).toMatchObject({ status: 'verified', events: 10, checkedAt })
    // A sync added an event since: the proof is stale.
    expect(day(today - 1)).toMatchObject({ status: 'unverified', events: 12, checkedAt })
  })

  it('shows a mismatch until a verification says otherwise, whatever the counts did since', () => {
    const date = dayText(today - 2)
    const day = judge({
      counts: [[today - 2, 7]],
      checks: [
        [date, { day: date, status: 'mismatched', localCount: 5, serverCount: 8, checkedAt: 1 }],
      ],
      gaps: [{ fromDay: today - 2, toDay: today - 2, detectedAt: 2 }],
    })
    expect(day(today - 2)).toMatchObject({ status: 'mismatched', serverCount: 8 })
  })

  it('marks the days a recorded gap reaches, unless a later verification proved them', () => {
    const gap = { fromDay: today - 6, toDay: today - 4, detectedAt: checkedAt }
    const day = judge({
      counts: [
        [today - 7, 1],
        [today - 6, 1],
        [today - 5, 1],
        [today - 4, 1],
        [today - 3, 1],
      ],
      checks: [verified(today - 6, 1, checkedAt + 1), verified(today - 5, 1, checkedAt - 1)],
      gaps: [gap],
    })
    expect(day(today - 7)?.status).toBe('unverified')
    expect(day(today - 6)?.status).toBe('verified')
    expect(day(today - 5)?.status).toBe('gap')
    expect(day(today - 4)?.status).toBe('gap')
    expect(day(today - 3)?.status).toBe('unverified')
  })

  it('calls an empty day a gap only between cached days, and not once verified empty', () => {
    const day = judge({
      counts: [
        [today - 10, 4],
        [today - 5, 4],
      ],
      checks: [verified(today - 7, 0)],
    })
    expect(day(today - 11)?.status).toBe('unverified')
    expect(day(today - 9)?.status).toBe('gap')
    expect(day(today - 7)?.status).toBe('verified')
    expect(day(today - 4)?.status).toBe('unverified')
  })
})

describe('the days a gap may have taken events from', () => {
  const gap = { fromSeq: 10, toSeq: 20, fromTime: null, toTime: null, detectedAt: 5 }

  it('opens a day before the last event recorded below it and closes on the first above', () => {
    const before = (today - 5) * dayMs + 3_600_000 // 01:00 on day -5
    const after = (today - 2) * dayMs + 60_000
    expect(gapDays(gap, { before, after }, 0, today)).toEqual({
      fromDay: today - 6,
      toDay: today - 2,
      detectedAt: 5,
    })
  })

  it('prefers the recorded_at window stored with the gap, and clamps to the calendar', () => {
    const stored = { ...gap, fromTime: (today - 3) * dayMs, toTime: (today - 3) * dayMs + 1 }
    expect(gapDays(stored, { before: 0, after: today * dayMs }, 0, today)).toMatchObject({
      fromDay: today - 4,
      toDay: today - 3,
    })
    expect(gapDays(gap, { before: undefined, after: undefined }, today - 9, today)).toMatchObject({
      fromDay: today - 9,
      toDay: today,
    })
  })
})
