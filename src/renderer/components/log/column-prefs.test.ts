import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  clampWidth,
  columnPrefsKey,
  defaultColumnPrefs,
  loadColumnPrefs,
  parseColumnPrefs,
  reduceColumnPrefs,
  saveColumnPrefs,
  serializeColumnPrefs,
  type ColumnPrefs,
  type ColumnPrefsAction,
  type PrefsStorage,
} from './column-prefs'
import { columnSpecs, columnWidthLimits, type ColumnSpec } from './columns'

const specs = columnSpecs('request-logs')
const defaults = defaultColumnPrefs(specs)
const reduce = (prefs: ColumnPrefs, ...actions: ColumnPrefsAction[]) =>
  actions.reduce((state, action) => reduceColumnPrefs(state, action, specs), prefs)
const visibleOrder = (prefs: ColumnPrefs) => prefs.order.filter((id) => !prefs.hidden.includes(id))

function memoryStorage(
  initial: Record<string, string> = {},
): PrefsStorage & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial))
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => {
      data.set(key, value)
    },
  }
}

describe('column preferences', () => {
  it('start from the stream defaults: every column once, default-hidden ones hidden', () => {
    expect(defaults.order).toEqual(specs.map((column) => column.id))
    expect(defaults.hidden).toContain('user_agent')
    expect(defaults.hidden).not.toContain('time')
    expect(visibleOrder(defaults).slice(0, 4)).toEqual([
      'time',
      'method',
      'endpoint',
      'status_code',
    ])
  })

  it('toggle hides and shows a column, but never the time column', () => {
    const hidden = reduce(defaults, { type: 'toggle', id: 'endpoint' })
    expect(visibleOrder(hidden)).not.toContain('endpoint')
    expect(visibleOrder(reduce(hidden, { type: 'toggle', id: 'endpoint' }))).toContain('endpoint')
    expect(reduce(defaults, { type: 'toggle', id: 'time' })).toBe(defaults)
    expect(reduce(defaults, { type: 'toggle', id: 'nope' })).toBe(defaults)
  })

  it('move left and right trades places with the next visible column', () => {
    const right = reduce(defaults, { type: 'move', id: 'method', direction: 1 })
    expect(visibleOrder(right).slice(0, 3)).toEqual(['time', 'endpoint', 'method'])
    // api_key is followed by three hidden columns, then ip_address: one press moves it on screen.
    const past = reduce(defaults, { type: 'move', id: 'api_key', direction: 1 })
    const visible = visibleOrder(past)
    expect(visible.indexOf('api_key')).toBe(visible.indexOf('ip_address') + 1)
    expect(reduce(defaults, { type: 'move', id: 'time', direction: -1 }).order).toEqual(
      defaults.order,
    )
    expect(reduce(defaults, { type: 'move', id: 'seq', direction: 1 }).order).toEqual(
      defaults.order,
    )
    // error_code is the last visible column: moving it right still moves it past a hidden one.
    expect(
      reduce(defaults, { type: 'move', id: 'error_code', direction: 1 }).order.slice(-4),
    ).toEqual(['recorded_at', 'error_code', 'id', 'seq'])
  })

  it('a dragged column takes the place of the column it is dropped on, from either side', () => {
    const rightward = reduce(defaults, { type: 'move-to', id: 'method', targetId: 'status_code' })
    expect(rightward.order.slice(0, 4)).toEqual(['time', 'endpoint', 'status_code', 'method'])
    const leftward = reduce(defaults, { type: 'move-to', id: 'status_code', targetId: 'method' })
    expect(leftward.order.slice(0, 4)).toEqual(['time', 'status_code', 'method', 'endpoint'])
    expect(reduce(defaults, { type: 'move-to', id: 'ghost', targetId: 'method' }).order).toEqual(
      defaults.order,
    )
  })

  it('widths are rounded and kept within the limits; junk widths are ignored', () => {
    const resized = reduce(
      defaults,
      { type: 'resize', id: 'endpoint', width: 10_000 },
      { type: 'resize', id: 'method', width: 3 },
      { type: 'resize', id: 'ghost', width: 100 },
      { type: 'resize', id: 'time', width: Number.NaN },
      { type: 'set-widths', widths: { duration_ms: 123.6, ghost: 5, error_code: Number.NaN } },
    )
    expect(resized.widths).toEqual({
      endpoint: columnWidthLimits.max,
      method: columnWidthLimits.min,
      duration_ms: 124,
    })
    expect(clampWidth(200.4)).toBe(200)
  })

  it('reset brings back the defaults', () => {
    const changed = reduce(
      defaults,
      { type: 'toggle', id: 'endpoint' },
      { type: 'resize', id: 'method', width: 300 },
      { type: 'move', id: 'method', direction: 1 },
    )
    expect(reduce(changed, { type: 'reset' })).toEqual(defaults)
  })

  it('keep every column exactly once, whatever the sequence of actions (property)', () => {
    const ids = specs.map((column) => column.id).concat(['ghost'])
    const action = fc.oneof(
      fc.record({ type: fc.constant('toggle' as const), id: fc.constantFrom(...ids) }),
      fc.record({
        type: fc.constant('move' as const),
        id: fc.constantFrom(...ids),
        direction: fc.constantFrom(-1 as const, 1 as const),
      }),
      fc.record({
        type: fc.constant('move-to' as const),
        id: fc.constantFrom(...ids),
        targetId: fc.constantFrom(...ids),
      }),
      fc.record({
        type: fc.constant('resize' as const),
        id: fc.constantFrom(...ids),
        width: fc.double(),
      }),
    )
    fc.assert(
      fc.property(fc.array(action, { maxLength: 30 }), (actions) => {
        const prefs = reduce(defaults, ...actions)
        expect([...prefs.order].sort()).toEqual([...defaults.order].sort())
        expect(prefs.hidden).not.toContain('time')
        for (const [index, id] of prefs.order.entries()) {
          // Only the ends of the list stop a move, so a move button that is enabled always acts.
          for (const direction of [-1, 1] as const) {
            const isEnd = index + direction < 0 || index + direction >= prefs.order.length
            const moved = reduceColumnPrefs(prefs, { type: 'move', id, direction }, specs)
            expect(moved.order === prefs.order || moved.order.join() === prefs.order.join()).toBe(
              isEnd,
            )
          }
        }
        for (const width of Object.values(prefs.widths)) {
          expect(width).toBeGreaterThanOrEqual(columnWidthLimits.min)
          expect(width).toBeLessThanOrEqual(columnWidthLimits.max)
        }
      }),
    )
  })
})

describe('stored column preferences', () => {
  it('round-trip through storage under a versioned key per stream', () => {
    const storage = memoryStorage()
    const changed = reduce(
      defaults,
      { type: 'toggle', id: 'user_agent' },
      { type: 'resize', id: 'endpoint', width: 400 },
      { type: 'move', id: 'endpoint', direction: -1 },
    )
    expect(saveColumnPrefs('request-logs', changed, storage)).toBe(true)
    expect([...storage.data.keys()]).toEqual([columnPrefsKey('request-logs')])
    expect(columnPrefsKey('request-logs')).toMatch(/\.v1\./)
    expect(loadColumnPrefs('request-logs', storage)).toEqual(changed)
    expect(loadColumnPrefs('audit-events', storage)).toEqual(
      defaultColumnPrefs(columnSpecs('audit-events')),
    )
  })

  it('fall back to the defaults for malformed, hostile or other-version JSON', () => {
    const hostile = [
      null,
      '',
      'not json',
      'null',
      '[]',
      '42',
      '{"version":2,"order":[],"hidden":[],"widths":{}}',
      '{"version":1,"order":"time","hidden":[],"widths":{}}',
      '{"version":1,"order":[1,2],"hidden":[],"widths":{}}',
      '{"version":1,"order":[],"hidden":[{}],"widths":{}}',
      '{"version":1,"order":[],"hidden":[],"widths":[]}',
      '{"version":1,"order":[],"hidden":[]}',
      `{"version":1,"order":${JSON.stringify(Array.from({ length: 5000 }, () => 'x'))},"hidden":[],"widths":{}}`,
    ]
    for (const text of hostile) expect(parseColumnPrefs(text, specs)).toEqual(defaults)
  })

  it('drop unknown ids and prototype keys, and never hide the time column', () => {
    const order = ['ghost', 'endpoint', 'time', 'endpoint', ...defaults.order.slice(3)]
    const text =
      `{"version":1,"order":${JSON.stringify(order)},"hidden":["time","ghost","method"],` +
      '"widths":{"__proto__":{"polluted":1},"constructor":5,"duration_ms":"wide","method":90}}'
    const prefs = parseColumnPrefs(text, specs)
    expect(prefs.order.slice(0, 3)).toEqual(['endpoint', 'time', 'method'])
    expect(prefs.order).toHaveLength(defaults.order.length)
    expect(prefs.hidden).toEqual(['method'])
    expect(prefs.widths).toEqual({ method: 90 })
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('place columns added since the preferences were stored after their default neighbour', () => {
    const older: ColumnSpec[] = specs.filter((column) => column.id !== 'duration_ms')
    const stored = serializeColumnPrefs({
      ...defaultColumnPrefs(older),
      order: ['time', 'status_code', 'method', 'endpoint', ...older.slice(4).map((c) => c.id)],
    })
    const prefs = parseColumnPrefs(stored, specs)
    expect(prefs.order.slice(0, 5)).toEqual([
      'time',
      'status_code',
      'duration_ms',
      'method',
      'endpoint',
    ])
    expect(prefs.hidden).not.toContain('duration_ms')
  })

  it('survive storage that is missing or throws', () => {
    const throwing: PrefsStorage = {
      getItem: () => {
        throw new Error('SecurityError')
      },
      setItem: () => {
        throw new Error('QuotaExceededError')
      },
    }
    expect(loadColumnPrefs('request-logs', throwing)).toEqual(defaults)
    expect(loadColumnPrefs('request-logs', undefined)).toEqual(defaults)
    expect(saveColumnPrefs('request-logs', defaults, throwing)).toBe(false)
    expect(saveColumnPrefs('request-logs', defaults, undefined)).toBe(false)
  })

  it('survive any stored text (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        const prefs = parseColumnPrefs(text, specs)
        expect([...prefs.order].sort()).toEqual([...defaults.order].sort())
      }),
    )
  })
})
