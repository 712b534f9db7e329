import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { EventFilter, Stream } from '../../shared/filter'
import { makeTempDir } from '../../../test/helpers/temp-dir'
import { loadEvents } from '../../../test/helpers/load-events'
import { createAnnotationStore } from '../store/annotation-store'
import { openDatabase, type OpenDatabase } from '../store/database'
import { createLabelStore } from '../store/label-store'
import { auditEventJson, requestLogJson } from '../sync/test-events'
import { createBulkTagger } from './bulk-tag'
import { createEventQuery } from './event-query'
import { filterToSql } from './filter-sql'

const ana = { author: 'ana', at: 1_000 }
const template = (id: string) => ({ type: 'template', id, name: null })

describe('annotation and label filters', () => {
  let temp: ReturnType<typeof makeTempDir>
  let opened: OpenDatabase
  let connectionId: string
  beforeEach(() => {
    temp = makeTempDir()
    opened = openDatabase(temp.dir, 0)
    connectionId = loadEvents(
      opened,
      [
        auditEventJson(1, { action: 'template.viewed', resource: template('tpl_1') }),
        auditEventJson(2, { action: 'template.updated', resource: template('tpl_2') }),
        auditEventJson(3, {
          action: 'project.created',
          resource: { type: 'project', id: 'tpl_1', name: null },
        }),
        auditEventJson(4),
        auditEventJson(5, { action: 'template.deleted', resource: template('tpl_1') }),
      ],
      [requestLogJson(1), requestLogJson(2), requestLogJson(3)],
    )
    const annotations = createAnnotationStore(opened.db)
    const on = (stream: Stream, eventIds: string[]) => ({ connectionId, stream, eventIds })
    annotations.update(
      on('audit-events', ['evt_000001', 'evt_000002']),
      { addTags: ['reviewed'] },
      ana,
    )
    annotations.update(
      on('audit-events', ['evt_000002']),
      { addTags: ['Escalated'], starred: true },
      ana,
    )
    annotations.update(on('audit-events', ['evt_000004']), { comment: 'Owner said 100%_fine' }, ana)
    annotations.update(on('audit-events', ['evt_000005']), { comment: 'looks odd' }, ana)
    // The same ids in the other stream: a request tag must not mark audit events.
    annotations.update(
      on('request-logs', ['req_000002']),
      { addTags: ['reviewed'], starred: true },
      ana,
    )
    createLabelStore(opened.db).set(
      { connectionId, resourceType: 'template', resourceId: 'tpl_1' },
      'HIPAA',
      true,
      ana,
    )
  })
  afterEach(() => {
    opened.close()
    temp.remove()
  })

  const ids = (stream: Stream, filter: EventFilter) =>
    createEventQuery(opened.db)
      .page(stream, filter, 50)
      .map((row) => row.id)
      .sort()

  it('finds events by any of their tags, case-insensitively, per stream', () => {
    expect(ids('audit-events', { tags: ['reviewed'] })).toEqual(['evt_000001', 'evt_000002'])
    expect(ids('audit-events', { tags: ['escalated', 'nothing'] })).toEqual(['evt_000002'])
    expect(ids('request-logs', { tags: ['REVIEWED'] })).toEqual(['req_000002'])
    expect(ids('audit-events', { not: { tags: ['reviewed'] } })).toEqual([
      'evt_000003',
      'evt_000004',
      'evt_000005',
    ])
    expect(createEventQuery(opened.db).count('audit-events', { tags: ['reviewed'] })).toBe(2)
  })

  it('finds starred, commented and comment-text matches, and their opposites', () => {
    expect(ids('audit-events', { starred: true })).toEqual(['evt_000002'])
    expect(ids('audit-events', { starred: false })).toHaveLength(4)
    expect(ids('request-logs', { starred: true })).toEqual(['req_000002'])
    expect(ids('audit-events', { commented: true })).toEqual(['evt_000004', 'evt_000005'])
    expect(ids('audit-events', { commented: false })).toEqual([
      'evt_000001',
      'evt_000002',
      'evt_000003',
    ])
    // LIKE wildcards in the text match literally; ASCII case does not matter.
    expect(ids('audit-events', { commentText: '100%_' })).toEqual(['evt_000004'])
    expect(ids('audit-events', { commentText: '%' })).toEqual(['evt_000004'])
    expect(ids('audit-events', { commentText: 'LOOKS' })).toEqual(['evt_000005'])
  })

  it('searches only the current text of an edited comment', () => {
    const annotations = createAnnotationStore(opened.db)
    const ref = { connectionId, stream: 'audit-events' as const, eventId: 'evt_000005' }
    const comment = annotations.get(ref).comments[0]
    if (comment === undefined) throw new Error('no comment')
    annotations.editComment(ref, comment.id, 'resolved', ana)
    expect(ids('audit-events', { commentText: 'odd' })).toEqual([])
    expect(ids('audit-events', { commentText: 'resolved' })).toEqual(['evt_000005'])
  })

  it('finds every event on a labelled resource (type and id both), and excludes them', () => {
    expect(ids('audit-events', { label: 'hipaa' })).toEqual(['evt_000001', 'evt_000005'])
    // Events without a resource are not on a labelled one, so `not` keeps them.
    expect(ids('audit-events', { not: { label: 'HIPAA' } })).toEqual([
      'evt_000002',
      'evt_000003',
      'evt_000004',
    ])
    // Requests have no resource: the label is ignored there, as other audit-only fields are.
    expect(ids('request-logs', { label: 'HIPAA' })).toHaveLength(3)
    expect(ids('audit-events', { label: 'HIPAA', tags: ['reviewed'] })).toEqual(['evt_000001'])
  })

  it('binds every annotation value and never splices it into the SQL', () => {
    const hostile = "x') OR 1=1 --"
    const where = filterToSql('audit-events', {
      tags: [hostile],
      label: hostile,
      commentText: hostile,
      starred: true,
      commented: false,
      not: { tags: [hostile], label: hostile },
    })
    expect(where.clause).not.toContain(hostile)
    expect(Object.values(where.params)).toContain(hostile)
    expect(ids('audit-events', { tags: [hostile] })).toEqual([])
  })

  it('bulk-tags exactly the events the filter matches, once, in one transaction', () => {
    const bulkTag = createBulkTagger(opened.db)
    const filter: EventFilter = { connectionId, action: 'template.*' }
    expect(bulkTag('audit-events', filter, 'batch', ana)).toEqual({ matched: 3, tagged: 3 })
    expect(ids('audit-events', { tags: ['batch'] })).toEqual(ids('audit-events', filter))
    // Again: nothing new; with a tag some already carry: only the others are tagged.
    expect(bulkTag('audit-events', filter, 'BATCH', ana)).toEqual({ matched: 3, tagged: 0 })
    expect(bulkTag('audit-events', { connectionId }, 'reviewed', ana)).toEqual({
      matched: 5,
      tagged: 3,
    })
    // A filter on the very tag being added (the matches are read before any is written).
    expect(bulkTag('audit-events', { not: { tags: ['new'] } }, 'new', ana)).toEqual({
      matched: 5,
      tagged: 5,
    })
    expect(bulkTag('request-logs', { label: 'HIPAA', status: '2xx' }, 'req', ana)).toEqual({
      matched: 3,
      tagged: 3,
    })
    const logged = opened.db
      .prepare<[], { n: number }>(
        "SELECT count(*) AS n FROM event_annotation_log WHERE change = 'tag-added' AND value IN ('batch', 'new')",
      )
      .get()
    expect(logged?.n).toBe(8)
  })
})
