// The application menu as data (issue 8, item 3): a pure function of the platform and whether the
// app is packaged, so Node tests cover its items, accelerators and roles without Electron.
import type { MenuItemConstructorOptions } from 'electron'
import type { AppCommand, CommandView } from '../shared/app-command-schemas'

/** What the menu's items do; the Electron wiring in menu.ts supplies them. */
export interface MenuActions {
  /** Sends a command to the page (navigate, connect, sync, export, build a pack). */
  command: (command: AppCommand) => void
  about: () => void
  openDataFolder: () => void
  openUserGuide: () => void
}

/** Where the menu is built: the OS and whether this is an installed (packaged) app. */
export interface MenuContext {
  platform: NodeJS.Platform
  isPackaged: boolean
  appName: string
}

/** The View menu's views, in the sidebar's order, with the accelerators that open them. */
export const menuViews: readonly { view: CommandView; label: string; accelerator: string }[] = [
  { view: 'audit-log', label: 'Audit log', accelerator: 'CmdOrCtrl+1' },
  { view: 'api-requests', label: 'API requests', accelerator: 'CmdOrCtrl+2' },
  { view: 'monitoring', label: 'Monitoring', accelerator: 'CmdOrCtrl+3' },
  { view: 'exports', label: 'Exports', accelerator: 'CmdOrCtrl+4' },
  { view: 'connections', label: 'Connections', accelerator: 'CmdOrCtrl+5' },
  { view: 'settings', label: 'Settings', accelerator: 'CmdOrCtrl+,' },
]

/** The application menu: (macOS app menu,) File, Edit, View, (Window,) Help. */
export function menuTemplate(
  context: MenuContext,
  actions: MenuActions,
): MenuItemConstructorOptions[] {
  const isMac = context.platform === 'darwin'
  return [
    ...(isMac ? [macAppMenu(context, actions)] : []),
    fileMenu(isMac, actions),
    editMenu(),
    viewMenu(context, actions),
    ...(isMac ? [{ role: 'windowMenu' } satisfies MenuItemConstructorOptions] : []),
    helpMenu(context, actions),
  ]
}

function macAppMenu(context: MenuContext, actions: MenuActions): MenuItemConstructorOptions {
  return {
    label: context.appName,
    submenu: [
      { label: `About ${context.appName}`, click: actions.about },
      { type: 'separator' },
      { role: 'services' },
      { type: 'separator' },
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      { type: 'separator' },
      { role: 'quit' },
    ],
  }
}

function fileMenu(isMac: boolean, actions: MenuActions): MenuItemConstructorOptions {
  return {
    label: '&File',
    submenu: [
      {
        label: 'Connect organization…',
        accelerator: 'CmdOrCtrl+N',
        click: () => {
          actions.command({ command: 'connect' })
        },
      },
      {
        label: 'Sync now',
        // Not CmdOrCtrl+R: that is Reload in development builds.
        accelerator: 'F5',
        click: () => {
          actions.command({ command: 'syncNow' })
        },
      },
      { type: 'separator' },
      {
        label: 'Export…',
        accelerator: 'CmdOrCtrl+E',
        click: () => {
          actions.command({ command: 'export' })
        },
      },
      {
        label: 'Build audit pack…',
        accelerator: 'CmdOrCtrl+Shift+E',
        click: () => {
          actions.command({ command: 'buildPack' })
        },
      },
      { type: 'separator' },
      isMac ? { role: 'close' } : { role: 'quit' },
    ],
  }
}

function editMenu(): MenuItemConstructorOptions {
  return {
    label: '&Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'delete' },
      { type: 'separator' },
      { role: 'selectAll' },
    ],
  }
}

function viewMenu(context: MenuContext, actions: MenuActions): MenuItemConstructorOptions {
  // Reload and the developer tools are for development builds only: an installed app's page
  // state is the reviewer's work, and devtools would let anyone script the core through the page.
  const developer: MenuItemConstructorOptions[] = context.isPackaged
    ? []
    : [
        { role: 'reload' },
        { role: 'forceReload' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
      ]
  return {
    label: '&View',
    submenu: [
      ...menuViews.map(({ view, label, accelerator }): MenuItemConstructorOptions => ({
        label,
        accelerator,
        click: () => {
          actions.command({ command: 'navigate', view })
        },
      })),
      { type: 'separator' },
      ...developer,
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  }
}

function helpMenu(context: MenuContext, actions: MenuActions): MenuItemConstructorOptions {
  const isMac = context.platform === 'darwin'
  return {
    label: '&Help',
    role: 'help',
    submenu: [
      { label: 'User guide', accelerator: 'F1', click: actions.openUserGuide },
      { label: 'Open data folder', click: actions.openDataFolder },
      // On macOS About lives in the app menu.
      ...(isMac
        ? []
        : [
            { type: 'separator' } satisfies MenuItemConstructorOptions,
            { label: `About ${context.appName}`, click: actions.about },
          ]),
    ],
  }
}
