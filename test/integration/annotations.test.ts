// Annotations, labels and the reviewer name through the dispatcher, as the renderer calls them:
// every input validated, every change stamped with the reviewer and the core's clock, errors as
// data with their codes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { MethodName } from '../../src/shared/method-names'
import { createDispatcher } from '../../src/core/dispatcher'
import { silentLogger } from '../../src/core/ports'
import { openDatabase } from '../../src/core/store/database'
import { auditEventJson, requestLogJson } from '../../src/core/sync/test-events'
import { loadEvents } from '../helpers/load-events'
import { makeTempDir } from '../helpers/temp-dir'
import { makeTestCore } from '../helpers/test-core'

const now = Date.UTC(2026, 10, 26, 12, 0, 0)

let temp: ReturnType<typeof makeTempDir>
let session: ReturnType<typeof makeTestCore>
let connectionId: string
let call: (method: MethodName, input: unknown) => Promise<unknown>

async function value(method: MethodName, input: unknown): Promise<Record<string, unknown>> {
  const result = (await call(method, input)) as
    | { ok: true; value: Record<string, unknown> }
    | { ok: false; error: { code: string; message: string } }
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`)
  return result.value
}

async function errorOf(method: MethodName, input: unknown): Promise<string> {
  const result = (await call(method, input)) as { ok: boolean; error?: { code: string } }
  if (result.ok || result.error === undefined) throw new Error(`${method} unexpectedly succeeded`)
  return result.error.code
}

beforeEach(() => {
  temp = makeTempDir()
  const opened = openDatabase(temp.dir, 0)
  connectionId = loadEvents(
    opened,
    [
      auditEventJson(1, { resource: { type: 'template', id: 'tpl_1', name: 'Intake' } }),
      auditEventJson(2, {
        action: 'template.updated',
        resource: { type: 'template', id: 'tpl_1', name: null },
      }),
      auditEventJson(3),
    ],
    [requestLogJson(1)],
  )
  opened.close()
  session = makeTestCore(temp.dir, { reviewer: () => 'ana.auditor' })
  const dispatch = createDispatcher(session.core.handlers, silentLogger)
  call = (method, input) => dispatch(method, input)
})

afterEach(() => {
  session.core.close()
  temp.remove()
})

describe('annotations through the dispatcher', () => {
  const ref = () => ({ connectionId, stream: 'audit-events', eventId: 'evt_000001' })

  it('tags, stars and comments, stamped with the reviewer and the clock', async () => {
    const counts = await value('annotations.update', {
      connectionId,
      stream: 'audit-events',
      eventIds: ['evt_000001', 'evt_000001'],
      addTags: ['reviewed'],
      starred: true,
      comment: 'Checked <b>with</b> the owner',
    })
    expect(counts).toEqual({ tagsAdded: 1, tagsRemoved: 0, starsChanged: 1, commentsAdded: 1 })
    const annotations = await value('annotations.get', ref())
    expect(annotations.tags).toEqual([{ tag: 'reviewed', author: 'ana.auditor', at: now }])
    expect(annotations.starred).toEqual({ author: 'ana.auditor', at: now })
    expect(annotations.comments).toMatchObject([
      { text: 'Checked <b>with</b> the owner', author: 'ana.auditor', at: now },
    ])
    const [comment] = annotations.comments as { id: number }[]
    expect(
      await value('annotations.editComment', { ...ref(), commentId: comment?.id, text: 'Fixed' }),
    ).toEqual({ version: 2 })
    expect(
      await errorOf('annotations.editComment', {
        ...ref(),
        eventId: 'evt_000002',
        commentId: comment?.id,
        text: 'x',
      }),
    ).toBe('not_found')
  })

  it('refuses hostile or out-of-bounds input with invalid_input, before touching the cache', async () => {
    const update = { connectionId, stream: 'audit-events', eventIds: ['evt_000001'] }
    const refused = [
      { ...update },
      { ...update, addTags: ['x'.repeat(65)] },
      { ...update, addTags: [''] },
      { ...update, addTags: ['tab\there'] },
      { ...update, addTags: ['rtl\u202Eoverride'] },
      { ...update, addTags: [' padded'] },
      { ...update, addTags: ['a'], removeTags: ['A'] },
      { ...update, comment: 'x'.repeat(4001) },
      { ...update, comment: '   ' },
      { ...update, comment: 'bell\u0007' },
      { ...update, eventIds: [] },
      { ...update, eventIds: Array.from({ length: 1001 }, (_, i) => `evt_${String(i)}`) },
      { ...update, starred: 'yes' },
      { ...update, stream: 'other' },
      { ...update, starred: true, extra: 1 },
    ]
    for (const input of refused)
      expect(await errorOf('annotations.update', input)).toBe('invalid_input')
    expect(
      await errorOf('annotations.bulkTag', { stream: 'audit-events', filter: {}, tag: '' }),
    ).toBe('invalid_input')
    expect(
      await errorOf('labels.set', {
        connectionId,
        resourceType: 'template',
        resourceId: 'tpl_1',
        label: 'x'.repeat(65),
        isSet: true,
      }),
    ).toBe('invalid_input')
    const annotations = await value('annotations.get', ref())
    expect(annotations.history).toEqual([])
  })

  it('refuses events and connections the cache does not hold with not_found', async () => {
    const update = {
      connectionId,
      stream: 'audit-events',
      eventIds: ['evt_000001', 'evt_gone'],
      starred: true,
    }
    expect(await errorOf('annotations.update', update)).toBe('not_found')
    // The request stream holds req_ ids only.
    expect(
      await errorOf('annotations.update', {
        ...update,
        stream: 'request-logs',
        eventIds: ['evt_000001'],
      }),
    ).toBe('not_found')
    expect(
      await errorOf('annotations.update', {
        ...update,
        connectionId: 'nope',
        eventIds: ['evt_000001'],
      }),
    ).toBe('not_found')
    expect(await errorOf('labels.list', { connectionId: 'nope' })).toBe('not_found')
    // Nothing of the refused update was kept.
    expect((await value('annotations.get', ref())).starred).toBeNull()
  })

  it('bulk-tags the filtered events, and labels make `label:` find activity on a resource', async () => {
    expect(
      await value('annotations.bulkTag', {
        stream: 'audit-events',
        filter: { connectionId, action: 'template.*' },
        tag: 'change',
      }),
    ).toEqual({ matched: 1, tagged: 1 })
    expect(
      await value('labels.set', {
        connectionId,
        resourceType: 'template',
        resourceId: 'tpl_1',
        label: 'HIPAA',
        isSet: true,
      }),
    ).toEqual({ changed: true })
    const { labels } = await value('labels.list', { connectionId })
    expect(labels).toEqual([
      {
        resourceType: 'template',
        resourceId: 'tpl_1',
        label: 'HIPAA',
        author: 'ana.auditor',
        at: now,
      },
    ])
    const page = await value('logs.query', {
      stream: 'audit-events',
      filter: { connectionId, label: 'HIPAA' },
    })
    expect((page.rows as { id: string }[]).map((row) => row.id)).toEqual([
      'evt_000002',
      'evt_000001',
    ])
    const tagged = await value('logs.count', {
      stream: 'audit-events',
      filter: { tags: ['change'] },
    })
    expect(tagged).toEqual({ count: 1 })
  })

  it('stamps with the name set in Settings, and with the OS name again once it is cleared', async () => {
    expect(await value('settings.get', {})).toMatchObject({
      reviewerName: 'ana.auditor',
      customReviewerName: null,
    })
    expect(await value('settings.set', { reviewerName: '  Ana   Ruiz ' })).toMatchObject({
      reviewerName: 'Ana Ruiz',
      customReviewerName: 'Ana Ruiz',
    })
    await value('annotations.update', {
      connectionId,
      stream: 'audit-events',
      eventIds: ['evt_000003'],
      addTags: ['x'],
    })
    const annotations = await value('annotations.get', { ...ref(), eventId: 'evt_000003' })
    expect(annotations.tags).toMatchObject([{ author: 'Ana Ruiz' }])
    expect(await errorOf('settings.set', { reviewerName: '\u0007' })).toBe('invalid_input')
    expect(await value('settings.set', { reviewerName: null })).toMatchObject({
      reviewerName: 'ana.auditor',
      customReviewerName: null,
    })
  })

  it('falls back to "unknown" when the host names nobody', async () => {
    session.core.close()
    session = makeTestCore(temp.dir, { reviewer: () => '\u202E\u0000' })
    const dispatch = createDispatcher(session.core.handlers, silentLogger)
    expect(await dispatch('settings.get', {})).toMatchObject({
      ok: true,
      value: { reviewerName: 'unknown', customReviewerName: null },
    })
  })
})
