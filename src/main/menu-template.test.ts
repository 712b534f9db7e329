import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it } from 'vitest'
import type { AppCommand } from '../shared/app-command-schemas'
import { commandViewSchema } from '../shared/app-command-schemas'
import { menuTemplate, menuViews, type MenuActions, type MenuContext } from './menu-template'

type Recorded = { commands: AppCommand[]; calls: string[] }

function build(context: Partial<MenuContext> = {}): {
  menu: MenuItemConstructorOptions[]
  recorded: Recorded
} {
  const recorded: Recorded = { commands: [], calls: [] }
  const actions: MenuActions = {
    command: (command) => recorded.commands.push(command),
    about: () => recorded.calls.push('about'),
    openDataFolder: () => recorded.calls.push('openDataFolder'),
    openUserGuide: () => recorded.calls.push('openUserGuide'),
  }
  const menu = menuTemplate(
    { platform: 'linux', isPackaged: true, appName: 'Audit Desk', ...context },
    actions,
  )
  return { menu, recorded }
}

function items(menu: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return menu.flatMap((item) =>
    Array.isArray(item.submenu) ? [item, ...items(item.submenu)] : [item],
  )
}

function submenu(menu: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions[] {
  const found = menu.find((item) => item.label?.replace('&', '') === label)
  if (found === undefined || !Array.isArray(found.submenu)) throw new Error(`no ${label} menu`)
  return found.submenu
}

function click(entries: MenuItemConstructorOptions[], label: string): void {
  const item = entries.find((entry) => entry.label === label)
  if (item?.click === undefined) throw new Error(`no clickable ${label}`)
  // The actions ignore Electron's click arguments; the test has no menu item or window to pass.
  ;(item.click as () => void)()
}

describe('application menu', () => {
  it('has File, Edit, View and Help on Windows and Linux, with the app menu first on macOS', () => {
    const labels = (menu: MenuItemConstructorOptions[]) =>
      menu.map((item) => item.label?.replace('&', '') ?? item.role)
    expect(labels(build({ platform: 'win32' }).menu)).toEqual(['File', 'Edit', 'View', 'Help'])
    expect(labels(build({ platform: 'darwin' }).menu)).toEqual([
      'Audit Desk',
      'File',
      'Edit',
      'View',
      'windowMenu',
      'Help',
    ])
  })

  it('sends the File commands to the page', () => {
    const { menu, recorded } = build()
    const file = submenu(menu, 'File')
    for (const label of ['Connect organization…', 'Sync now', 'Export…', 'Build audit pack…'])
      click(file, label)
    expect(recorded.commands).toEqual([
      { command: 'connect' },
      { command: 'syncNow' },
      { command: 'export' },
      { command: 'buildPack' },
    ])
    expect(file.at(-1)?.role).toBe('quit')
  })

  it('quits from the app menu on macOS, where File ends with Close', () => {
    const { menu } = build({ platform: 'darwin' })
    expect(submenu(menu, 'Audit Desk').some((item) => item.role === 'quit')).toBe(true)
    expect(submenu(menu, 'File').at(-1)?.role).toBe('close')
  })

  it('opens every view of the app from View, in the sidebar order', () => {
    const { menu, recorded } = build()
    const view = submenu(menu, 'View')
    for (const { label } of menuViews) click(view, label)
    expect(recorded.commands).toEqual(
      commandViewSchema.options.map((id) => ({ command: 'navigate', view: id })),
    )
  })

  it('offers reload and the developer tools only in development builds', () => {
    const roles = (isPackaged: boolean) =>
      submenu(build({ isPackaged }).menu, 'View').map((item) => item.role)
    expect(roles(true)).not.toContain('toggleDevTools')
    expect(roles(true)).not.toContain('reload')
    expect(roles(true)).not.toContain('forceReload')
    expect(roles(false)).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']))
    for (const isPackaged of [true, false])
      expect(roles(isPackaged)).toEqual(expect.arrayContaining(['zoomIn', 'zoomOut', 'resetZoom']))
  })

  it('keeps the standard editing roles', () => {
    const roles = submenu(build().menu, 'Edit').map((item) => item.role)
    expect(roles).toEqual(
      expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']),
    )
  })

  it('has the user guide, the data folder and About in Help (About in the app menu on macOS)', () => {
    const { menu, recorded } = build()
    const help = submenu(menu, 'Help')
    click(help, 'User guide')
    click(help, 'Open data folder')
    click(help, 'About Audit Desk')
    expect(recorded.calls).toEqual(['openUserGuide', 'openDataFolder', 'about'])
    const mac = build({ platform: 'darwin' })
    expect(submenu(mac.menu, 'Help').some((item) => item.label === 'About Audit Desk')).toBe(false)
    click(submenu(mac.menu, 'Audit Desk'), 'About Audit Desk')
    expect(mac.recorded.calls).toEqual(['about'])
  })

  it('gives no two items the same accelerator, nor one the built-in roles already use', () => {
    for (const platform of ['darwin', 'linux', 'win32'] as const) {
      const accelerators = items(build({ platform, isPackaged: false }).menu).flatMap((item) =>
        typeof item.accelerator === 'string' ? [item.accelerator] : [],
      )
      expect(new Set(accelerators).size).toBe(accelerators.length)
      const taken = ['CmdOrCtrl+R', 'Shift+CmdOrCtrl+R', 'CmdOrCtrl+W', 'CmdOrCtrl+Q']
      for (const accelerator of taken) expect(accelerators).not.toContain(accelerator)
    }
  })
})
