import { describe, expect, it } from 'vitest'
import { formatCount, formatDuration, statusClassOf, summaryText } from './cell-format'

describe('statusClassOf', () => {
  it('classes status codes 2xx to 5xx with words as well as a class', () => {
    expect(statusClassOf(200)).toEqual({ className: '2xx', label: 'ok' })
    expect(statusClassOf(302)).toEqual({ className: '3xx', label: 'redirect' })
    expect(statusClassOf('404')).toEqual({ className: '4xx', label: 'client error' })
    expect(statusClassOf(503)).toEqual({ className: '5xx', label: 'server error' })
  })

  it('gives no class to values that are not status codes', () => {
    for (const value of [null, 99, 600, 20, '2000', ' 200', 'abc', 200.5, -200]) {
      expect(statusClassOf(value)).toBeUndefined()
    }
  })
})

describe('formatDuration', () => {
  it('formats milliseconds with separators and at most one decimal', () => {
    expect(formatDuration(0)).toBe('0 ms')
    expect(formatDuration(1234)).toBe('1,234 ms')
    expect(formatDuration(12.345)).toBe('12.3 ms')
  })

  it('shows anything else as it is, and null as nothing', () => {
    expect(formatDuration(null)).toBe('')
    expect(formatDuration('slow')).toBe('slow')
    expect(formatDuration(Number.NaN)).toBe('NaN')
  })
})

describe('summaryText', () => {
  it('states the total with the loaded count while more can be loaded', () => {
    expect(summaryText({ loaded: 1200, total: 1_234_567, hasMore: true })).toBe(
      '1,234,567 events · 1,200 loaded',
    )
  })

  it('states only the total once everything is loaded', () => {
    expect(summaryText({ loaded: 42, total: 42, hasMore: false })).toBe('42 events')
    expect(summaryText({ loaded: 1, total: 1, hasMore: false })).toBe('1 event')
    expect(summaryText({ loaded: 0, total: 0, hasMore: false })).toBe('0 events')
  })

  it('says when the total is not known yet', () => {
    expect(summaryText({ loaded: 500, total: undefined, hasMore: true })).toBe(
      '500 events loaded, more available',
    )
    expect(summaryText({ loaded: 3, total: undefined, hasMore: false })).toBe('3 events')
  })

  it('formats counts with thousands separators', () => {
    expect(formatCount(1_234_567)).toBe('1,234,567')
  })
})
