import { describe, expect, it } from 'vitest'
import { formatBytes, formatCount, formatDuration, formatUtc } from './format'

describe('format', () => {
  it('formats byte sizes in binary units', () => {
    expect(formatBytes(0)).toBe('0 B')
    expect(formatBytes(1023)).toBe('1023 B')
    expect(formatBytes(1536)).toBe('1.5 KB')
    expect(formatBytes(5 * 1024 ** 3)).toBe('5.0 GB')
  })

  it('formats instants in UTC with the zone named', () => {
    expect(formatUtc(Date.UTC(2026, 10, 26, 9, 5, 7, 999))).toBe('2026-11-26 09:05:07 UTC')
  })
})

describe('formatDuration and formatCount', () => {
  it('says durations the way people estimate them', () => {
    expect(formatDuration(0)).toBe('0 s')
    expect(formatDuration(44_600)).toBe('45 s')
    expect(formatDuration(200_000)).toBe('3 min 20 s')
    expect(formatDuration(3_900_000)).toBe('1 h 5 min')
    expect(formatDuration(-5)).toBe('0 s')
  })
  it('groups thousands', () => {
    expect(formatCount(1_234_567)).toBe('1,234,567')
  })
})
