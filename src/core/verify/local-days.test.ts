import { describe, expect, it } from 'vitest'
import { dayMs } from './days'
import { emptySha256, idsSha256 } from './hashes'
import { summariseEvents, summariseIds } from './local-days'

describe('the cache’s figures per day', () => {
  it('gives every day of the range a row, empty days included, and ignores days outside it', () => {
    const rows = [
      { day: 9, id: 'x' },
      { day: 10, id: 'a' },
      { day: 10, id: 'b' },
      { day: 12, id: 'c' },
    ]
    const days = summariseIds(rows, { fromDay: 10, toDay: 12 })
    expect([...days.keys()]).toEqual([10, 11, 12])
    expect(days.get(10)).toEqual({ count: 2, idsSha256: idsSha256(['a', 'b']) })
    expect(days.get(11)).toEqual({ count: 0, idsSha256: emptySha256 })
  })

  it('hashes only events whose occurred_at falls inside the range', () => {
    const rows = [
      { occurred_at: 10 * dayMs - 1, raw: '{"id":"early"}' },
      { occurred_at: 10 * dayMs, raw: '{"id":"in"}' },
      { occurred_at: 11 * dayMs, raw: '{"id":"late"}' },
    ]
    const hashes = summariseEvents(rows, { fromDay: 10, toDay: 10 }, { isCanonicalising: true })
    expect(hashes.result(10).count).toBe(1)
    expect(hashes.result(9).count).toBe(0)
    expect(hashes.result(11).count).toBe(0)
  })
})
