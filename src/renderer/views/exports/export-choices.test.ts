import { describe, expect, it } from 'vitest'
import { auditExportColumns } from '../../../shared/export-schemas'
import { exportInput, choicesProblem, type ExportChoices } from './export-choices'
import {
  defaultPackPeriod,
  describeTransformation,
  downloadHref,
  progressText,
  timeZones,
  transformationLines,
} from './export-text'

const choices: ExportChoices = {
  format: 'csv',
  columns: [...auditExportColumns],
  bom: true,
  hasLocalTime: true,
  zone: 'Europe/Berlin',
  includeAnnotations: true,
  includeFindings: false,
}
const filter = { connectionId: 'c1', action: 'user.signed_in', status: 'failure' }

describe('exportInput', () => {
  it('exports exactly the table filter with the chosen columns, BOM and zone', () => {
    const input = exportInput('audit-events', filter, choices, 42)
    expect(input).toEqual({
      stream: 'audit-events',
      filter,
      format: 'csv',
      options: {
        columns: [...auditExportColumns],
        bom: true,
        localTimeZone: 'Europe/Berlin',
        includeAnnotations: true,
        includeFindings: false,
      },
      shownCount: 42,
    })
  })

  it('writes JSON Lines raw: no columns, zone or added fields', () => {
    const input = exportInput('audit-events', filter, { ...choices, format: 'jsonl' }, undefined)
    expect(input.options).toEqual({ bom: false, includeAnnotations: false, includeFindings: false })
    expect('shownCount' in input).toBe(false)
  })

  it('adds a BOM only to CSV and no local column when it is off', () => {
    const input = exportInput(
      'audit-events',
      filter,
      { ...choices, format: 'xlsx', hasLocalTime: false },
      1,
    )
    expect(input.options?.bom).toBe(false)
    expect(input.options !== undefined && 'localTimeZone' in input.options).toBe(false)
  })

  it('refuses an export without columns, except JSON Lines', () => {
    expect(choicesProblem({ ...choices, columns: [] })).toBe('Choose at least one column.')
    expect(choicesProblem({ ...choices, columns: [], format: 'jsonl' })).toBeUndefined()
  })
})

describe('export text', () => {
  it('names transformations in words with their counts', () => {
    expect(describeTransformation('formula_neutralised', 3)).toBe(
      'Formula-like cells neutralised: 3',
    )
    expect(describeTransformation('something_new', 1200)).toBe('something new: 1,200')
    expect(transformationLines({ formula_neutralised: 2, cell_truncated: 1 })).toEqual([
      'Cells over 32,767 characters truncated: 1',
      'Formula-like cells neutralised: 2',
    ])
  })

  it('starts a pack on the audit period, else the last 30 days in UTC', () => {
    expect(defaultPackPeriod({ from: '2026-01-01', to: '2026-03-31' }, 0)).toEqual({
      from: '2026-01-01',
      to: '2026-03-31',
    })
    const now = Date.parse('2026-11-26T23:30:00Z')
    expect(defaultPackPeriod(null, now)).toEqual({ from: '2026-10-28', to: '2026-11-26' })
  })

  it('encodes a download name into one path segment', () => {
    expect(downloadHref('a b/../c.csv')).toBe('/exports/download/a%20b%2F..%2Fc.csv')
  })

  it('says progress in events and percent', () => {
    expect(progressText(1200, 4000)).toBe('1,200 of 4,000 events (30%)')
    expect(progressText(0, 0)).toBe('0 events')
  })

  it('offers the local zone even when the runtime does not list it', () => {
    expect(timeZones('Mars/Olympus')[0]).toBe('Mars/Olympus')
    expect(timeZones('UTC')).toContain('UTC')
  })
})
