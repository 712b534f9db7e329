import { beforeEach, describe, expect, it } from 'vitest'
import { commandViewSchema, type AppCommand } from '../shared/app-command-schemas'
import {
  planCommand,
  requestLifetimeMs,
  runCommand,
  useCommandStore,
  type RequestKind,
} from './menu-commands'
import { views } from './navigation'

const store = () => useCommandStore.getState()

beforeEach(() => {
  useCommandStore.setState({ request: undefined })
})

describe('menu commands in the page', () => {
  it('knows every view the menu can open, and no other', () => {
    expect(commandViewSchema.options).toEqual(views.map((view) => view.id))
  })

  it('opens each form in its view', () => {
    expect(planCommand({ command: 'connect' }, 'monitoring')).toEqual({
      view: 'connections',
      request: 'connect',
    })
    expect(planCommand({ command: 'syncNow' }, 'audit-log')).toEqual({
      view: 'connections',
      request: 'syncNow',
    })
    expect(planCommand({ command: 'buildPack' }, 'settings')).toEqual({
      view: 'exports',
      request: 'buildPack',
    })
    expect(planCommand({ command: 'navigate', view: 'settings' }, 'exports')).toEqual({
      view: 'settings',
    })
  })

  it('exports from the log view on screen, else from the audit log', () => {
    expect(planCommand({ command: 'export' }, 'api-requests')).toEqual({
      view: 'api-requests',
      request: 'export',
    })
    for (const current of ['audit-log', 'monitoring', 'exports', 'settings'] as const)
      expect(planCommand({ command: 'export' }, current).view).toBe('audit-log')
  })

  it('changes the hash to the view, and keeps it (with its query) when already there', () => {
    const location = { hash: '#/monitoring' }
    runCommand({ command: 'buildPack' }, location, 1000)
    expect(location.hash).toBe('#/exports')
    const filtered = { hash: '#/api-requests?q=status%3A500' }
    runCommand({ command: 'export' }, filtered, 1000)
    expect(filtered.hash).toBe('#/api-requests?q=status%3A500')
    expect(store().request).toEqual({ kind: 'export', view: 'api-requests', madeAt: 1000 })
  })

  it('lets the view take its request once', () => {
    runCommand({ command: 'connect' }, { hash: '' }, 1000)
    expect(store().take('buildPack', 1000)).toBe(false)
    expect(store().take('connect', 1500)).toBe(true)
    expect(store().take('connect', 1500)).toBe(false)
  })

  it('drops a request nobody took in time (the view had nothing to show it in)', () => {
    runCommand({ command: 'export' }, { hash: '#/audit-log' }, 1000)
    expect(store().take('export', 1000 + requestLifetimeMs + 1)).toBe(false)
    expect(store().request).toBeUndefined()
  })

  it('drops a request when the person goes to another view first', () => {
    runCommand({ command: 'syncNow' }, { hash: '' }, 1000)
    store().dropUnlessFor('connections')
    expect(store().request?.kind).toBe('syncNow')
    store().dropUnlessFor('settings')
    expect(store().request).toBeUndefined()
  })

  it('a later command replaces an earlier request; navigating clears it', () => {
    const commands: [AppCommand, RequestKind | undefined][] = [
      [{ command: 'connect' }, 'connect'],
      [{ command: 'buildPack' }, 'buildPack'],
      [{ command: 'navigate', view: 'monitoring' }, undefined],
    ]
    for (const [command, kind] of commands) {
      runCommand(command, { hash: '' }, 1000)
      expect(store().request?.kind).toBe(kind)
    }
  })
})
