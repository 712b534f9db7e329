import { describe, expect, it } from 'vitest'
import { median, medianWithZeros, windowStart } from './baseline'

describe('baselines', () => {
  it('takes the median of windows where only the non-empty ones are listed', () => {
    expect(medianWithZeros([], 336)).toBe(0)
    expect(medianWithZeros([5, 7], 336)).toBe(0)
    expect(medianWithZeros([4, 6, 8], 3)).toBe(6)
    expect(medianWithZeros([4, 6, 8], 4)).toBe(5)
    expect(medianWithZeros([3, 3, 3, 9, 9], 8)).toBe(3)
    expect(medianWithZeros([1], 0)).toBe(0)
  })

  it('takes the plain median of a list, even or odd', () => {
    expect(median([])).toBe(0)
    expect(median([9, 1, 5])).toBe(5)
    expect(median([10, 0, 4, 6])).toBe(5)
  })

  it('aligns windows on the epoch, for times before it too', () => {
    expect(windowStart(3_600_000 * 5 + 17, 3_600_000)).toBe(3_600_000 * 5)
    expect(windowStart(-1, 3_600_000)).toBe(-3_600_000)
  })
})
