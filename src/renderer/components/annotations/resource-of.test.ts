import { describe, expect, it } from 'vitest'
import type { LogRow } from '../../../shared/contract'
import { resourceOf } from './resource-of'

const row = (columns: LogRow['columns']): LogRow => ({
  rowId: 1,
  id: 'evt_1',
  seq: 1,
  occurredAt: 0,
  columns,
})

describe('resourceOf', () => {
  it('names the resource of an audit event, and none for requests or events without one', () => {
    const template = row({ resource_type: 'template', resource_id: 'tpl_1' })
    expect(resourceOf('audit-events', template)).toEqual({ type: 'template', id: 'tpl_1' })
    expect(resourceOf('request-logs', template)).toBeUndefined()
    expect(
      resourceOf('audit-events', row({ resource_type: null, resource_id: null })),
    ).toBeUndefined()
    expect(
      resourceOf('audit-events', row({ resource_type: 'template', resource_id: 7 })),
    ).toBeUndefined()
  })
})
