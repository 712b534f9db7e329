import { describe, expect, it } from 'vitest'
import { fieldsOf } from './detail-fields'
import type { LogRow } from './types'

const row = (columns: LogRow['columns']): LogRow => ({
  rowId: 1,
  id: 'req_1',
  seq: 1,
  occurredAt: 0,
  columns,
})

describe('fieldsOf', () => {
  it('lists known fields in column order with their labels and kinds', () => {
    const fields = fieldsOf(
      'request-logs',
      row({ status_code: 404, method: 'GET', recorded_at: 5, duration_ms: 12 }),
    )
    expect(fields).toEqual([
      { name: 'method', label: 'Method', kind: 'text' },
      { name: 'status_code', label: 'Status', kind: 'status-code' },
      { name: 'duration_ms', label: 'Duration', kind: 'duration' },
      { name: 'recorded_at', label: 'Recorded', kind: 'instant' },
    ])
  })

  it('never drops a column it does not know: unknown ones follow by name', () => {
    const fields = fieldsOf('audit-events', row({ zeta: 'z', action: 'login', alpha: null }))
    expect(fields.map((field) => field.name)).toEqual(['action', 'alpha', 'zeta'])
    expect(fields[1]).toEqual({ name: 'alpha', label: 'alpha', kind: 'text' })
  })

  it('lists the stored actor fields, not the combined Actor column of the table', () => {
    const names = fieldsOf(
      'audit-events',
      row({ actor_email: 'a@example.com', actor_id: 'u1' }),
    ).map((field) => field.name)
    expect(names).toEqual(['actor_id', 'actor_email'])
  })
})
