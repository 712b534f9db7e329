import { describe, expect, it } from 'vitest'
import { createProgressMeter } from './progress'

describe('progress meter', () => {
  it('reports events per second and estimates the time left from recorded_at progress', () => {
    let now = 0
    const meter = createProgressMeter(() => now, 1000)
    now = 1000
    expect(meter.update(500, 100, 0)).toEqual({
      eventsPerSecond: 500,
      estimatedRemainingMs: null,
      fractionDone: 0.1,
    })
    now = 2000
    // 10% of the span took 1 s since the first page: the remaining 80% takes about 8 s.
    expect(meter.update(1000, 200, 0)).toEqual({
      eventsPerSecond: 500,
      estimatedRemainingMs: 8000,
      fractionDone: 0.2,
    })
  })

  it('gives no estimate without a server time or before progress is measurable', () => {
    const meter = createProgressMeter(() => 0, undefined)
    expect(meter.update(10, 5, 0).estimatedRemainingMs).toBeNull()
  })
})
