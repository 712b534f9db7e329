import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeTempDir } from '../../../test/helpers/temp-dir'
import { loadEvents } from '../../../test/helpers/load-events'
import { auditEventJson, requestLogJson } from '../sync/test-events'
import { createAnnotationStore } from './annotation-store'
import { openDatabase, type OpenDatabase } from './database'
import { createLabelStore } from './label-store'
import { createRetention } from './retention'

const ana = { author: 'ana', at: 1_000 }
const bo = { author: 'bo', at: 2_000 }

describe('annotation store', () => {
  let temp: ReturnType<typeof makeTempDir>
  let opened: OpenDatabase
  let connectionId: string
  const event = (eventId = 'evt_000001') => ({
    connectionId,
    stream: 'audit-events' as const,
    eventId,
  })
  beforeEach(() => {
    temp = makeTempDir()
    opened = openDatabase(temp.dir, 0)
    connectionId = loadEvents(opened, [auditEventJson(1), auditEventJson(2)], [requestLogJson(1)])
  })
  afterEach(() => {
    opened.close()
    temp.remove()
  })

  it('records tags, a star and comments with who and when, and logs every change', () => {
    const store = createAnnotationStore(opened.db)
    const ids = { connectionId, stream: 'audit-events' as const, eventIds: ['evt_000001'] }
    expect(store.update(ids, { addTags: ['reviewed', 'HIPAA'], starred: true }, ana)).toEqual({
      tagsAdded: 2,
      tagsRemoved: 0,
      starsChanged: 1,
      commentsAdded: 0,
    })
    // Tags compare case-insensitively; a star already set changes nothing.
    expect(store.update(ids, { addTags: ['REVIEWED'], starred: true }, bo)).toMatchObject({
      tagsAdded: 0,
      starsChanged: 0,
    })
    store.update(ids, { comment: 'Checked with\nthe owner', removeTags: ['hipaa'] }, bo)
    const annotations = store.get(event())
    expect(annotations.tags).toEqual([{ tag: 'reviewed', author: 'ana', at: 1_000 }])
    expect(annotations.starred).toEqual(ana)
    expect(annotations.comments).toEqual([
      {
        id: expect.any(Number) as number,
        text: 'Checked with\nthe owner',
        author: 'bo',
        at: 2_000,
        versions: [{ version: 1, text: 'Checked with\nthe owner', author: 'bo', at: 2_000 }],
      },
    ])
    expect(annotations.history.map((entry) => [entry.change, entry.value, entry.author])).toEqual([
      ['comment-added', 'Checked with\nthe owner', 'bo'],
      ['tag-removed', 'HIPAA', 'bo'],
      ['starred', null, 'ana'],
      ['tag-added', 'HIPAA', 'ana'],
      ['tag-added', 'reviewed', 'ana'],
    ])
    // Another event and the other stream are untouched.
    expect(store.get(event('evt_000002')).tags).toEqual([])
    expect(store.get({ ...event(), stream: 'request-logs' }).starred).toBeNull()
  })

  it('keeps every version of an edited comment, and never lets a version be rewritten', () => {
    const store = createAnnotationStore(opened.db)
    store.update(
      { connectionId, stream: 'audit-events', eventIds: ['evt_000001'] },
      { comment: 'first' },
      ana,
    )
    const [comment] = store.get(event()).comments
    if (comment === undefined) throw new Error('no comment')
    expect(store.editComment(event(), comment.id, 'second', bo)).toBe(2)
    expect(store.editComment(event(), comment.id, 'second', bo)).toBe(2)
    // A comment of another event cannot be edited through this one.
    expect(store.editComment(event('evt_000002'), comment.id, 'hijack', bo)).toBeUndefined()
    const edited = store.get(event()).comments[0]
    expect(edited?.text).toBe('second')
    expect(edited?.author).toBe('ana')
    expect(edited?.versions.map((version) => [version.text, version.author])).toEqual([
      ['first', 'ana'],
      ['second', 'bo'],
    ])
    expect(() =>
      opened.db.prepare("UPDATE event_comment_versions SET body = 'forged'").run(),
    ).toThrow(/append-only/)
    expect(() => opened.db.prepare("UPDATE event_annotation_log SET author = 'x'").run()).toThrow(
      /append-only/,
    )
  })

  it('keeps annotations through a prune and a re-sync of the same events', () => {
    const store = createAnnotationStore(opened.db)
    store.update(
      { connectionId, stream: 'audit-events', eventIds: ['evt_000001'] },
      { addTags: ['kept'], starred: true, comment: 'still here' },
      ana,
    )
    const retention = createRetention(opened.db)
    retention.setRetentionDays(1)
    expect(retention.prune(Date.UTC(2027, 0, 1))?.auditEvents).toBe(2)
    expect(store.missingEvents(connectionId, 'audit-events', ['evt_000001'])).toEqual([
      'evt_000001',
    ])
    // The events come back under new row ids; the annotations find them by upstream id.
    opened.db.prepare('DELETE FROM sync_state').run()
    loadEvents(opened, [auditEventJson(1)], [])
    expect(store.missingEvents(connectionId, 'audit-events', ['evt_000001', 'evt_x'])).toEqual([
      'evt_x',
    ])
    const annotations = store.get(event())
    expect(annotations.tags.map((tag) => tag.tag)).toEqual(['kept'])
    expect(annotations.starred).not.toBeNull()
    expect(annotations.comments[0]?.text).toBe('still here')
  })

  it('stores hostile tags and comments exactly as given, bound rather than spliced', () => {
    const store = createAnnotationStore(opened.db)
    // Any text but a NUL, which the boundary refuses (and SQLite's length() stops at).
    const hostile = (maxLength: number) =>
      fc
        .string({ unit: 'binary', minLength: 1, maxLength })
        .filter((text) => !text.includes('\u0000'))
    fc.assert(
      fc.property(hostile(64), hostile(200), (tag, comment) => {
        const ids = { connectionId, stream: 'audit-events' as const, eventIds: ['evt_000002'] }
        store.update(ids, { addTags: [tag], comment }, ana)
        const annotations = store.get(event('evt_000002'))
        expect(annotations.tags.map((stored) => stored.tag)).toContain(tag)
        expect(annotations.comments.at(-1)?.text).toBe(comment)
        expect(store.update(ids, { removeTags: [tag] }, ana).tagsRemoved).toBe(1)
      }),
      { numRuns: 200 },
    )
    expect(opened.db.prepare('SELECT count(*) AS n FROM audit_events').get()).toEqual({ n: 2 })
  })

  it('refuses out-of-bounds values at the table too', () => {
    const store = createAnnotationStore(opened.db)
    const ids = { connectionId, stream: 'audit-events' as const, eventIds: ['evt_000001'] }
    expect(() => store.update(ids, { addTags: ['x'.repeat(65)] }, ana)).toThrow(/CHECK/)
    expect(() => store.update(ids, { comment: 'x'.repeat(4001) }, ana)).toThrow(/CHECK/)
    expect(() => store.update(ids, { starred: true }, { author: '', at: 0 })).toThrow(/CHECK/)
    expect(() => store.update(ids, { comment: '\u0000hidden' }, ana)).toThrow(/CHECK/)
    // The failed update left nothing half-done.
    expect(store.get(event()).history).toEqual([])
  })
})

describe('label store', () => {
  let temp: ReturnType<typeof makeTempDir>
  let opened: OpenDatabase
  beforeEach(() => {
    temp = makeTempDir()
    opened = openDatabase(temp.dir, 0)
  })
  afterEach(() => {
    opened.close()
    temp.remove()
  })

  it('sets and removes labels once each, logging who and when', () => {
    const connectionId = loadEvents(opened, [], [])
    const labels = createLabelStore(opened.db)
    const resource = { connectionId, resourceType: 'template', resourceId: 'tpl_1' }
    expect(labels.set(resource, 'HIPAA', true, ana)).toBe(true)
    expect(labels.set(resource, 'hipaa', true, bo)).toBe(false)
    expect(labels.set({ ...resource, resourceId: 'tpl_2' }, 'GDPR', true, bo)).toBe(true)
    expect(labels.list(connectionId)).toEqual([
      { resourceType: 'template', resourceId: 'tpl_2', label: 'GDPR', author: 'bo', at: 2_000 },
      { resourceType: 'template', resourceId: 'tpl_1', label: 'HIPAA', author: 'ana', at: 1_000 },
    ])
    expect(labels.set(resource, 'Hipaa', false, bo)).toBe(true)
    expect(labels.set(resource, 'HIPAA', false, bo)).toBe(false)
    expect(labels.list(connectionId).map((label) => label.label)).toEqual(['GDPR'])
    const log = opened.db
      .prepare('SELECT label, is_set AS isSet, author FROM resource_label_log ORDER BY id')
      .all()
    expect(log).toEqual([
      { label: 'HIPAA', isSet: 1, author: 'ana' },
      { label: 'GDPR', isSet: 1, author: 'bo' },
      { label: 'HIPAA', isSet: 0, author: 'bo' },
    ])
  })
})
