// Installs the application menu (issue 8, item 3): the template is data (menu-template.ts); this
// file only gives its items their Electron effects.
import fs from 'node:fs'
import { app, dialog, Menu, shell, type BrowserWindow } from 'electron'
import type { AppCommand } from '../shared/app-command-schemas'
import type { Logger } from '../core/ports'
import { menuTemplate } from './menu-template'
import { findUserGuide } from './menu-user-guide'

/** What the menu needs from the shell: the window to command and a logger. */
export interface MenuHost {
  mainWindow: () => BrowserWindow | undefined
  sendCommand: (command: AppCommand) => void
  logger: Logger
}

/** Builds the menu for this platform and build, and makes it the application menu. */
export function installApplicationMenu(host: MenuHost): void {
  const template = menuTemplate(
    { platform: process.platform, isPackaged: app.isPackaged, appName: app.getName() },
    {
      command: (command) => {
        const window = host.mainWindow()
        if (window?.isMinimized() === true) window.restore()
        window?.focus()
        host.sendCommand(command)
      },
      about: () => {
        showAbout(host)
      },
      openDataFolder: () => {
        void openPath(host, app.getPath('userData'), 'the data folder')
      },
      openUserGuide: () => {
        openUserGuide(host)
      },
    },
  )
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}

function showAbout(host: MenuHost): void {
  const options = {
    type: 'info' as const,
    title: `About ${app.getName()}`,
    message: `${app.getName()} ${app.getVersion()}`,
    detail: `Electron ${process.versions.electron} · Chromium ${process.versions.chrome} · Node ${process.versions.node}\nData folder: ${app.getPath('userData')}`,
  }
  const owner = host.mainWindow()
  void (owner === undefined
    ? dialog.showMessageBox(options)
    : dialog.showMessageBox(owner, options))
}

function openUserGuide(host: MenuHost): void {
  const guide = findUserGuide(
    { appPath: app.getAppPath(), resourcesPath: process.resourcesPath },
    (file) => fs.existsSync(file),
  )
  if (guide !== undefined) {
    void openPath(host, guide, 'the user guide')
    return
  }
  dialog.showErrorBox(
    'User guide not found',
    'This installation carries no user guide (docs/README.md in its resources folder). ' +
      'Read the README.md of the Audit Desk source, or reinstall the app.',
  )
}

/** Opens a file or folder in the system's viewer; says so when the OS cannot. */
async function openPath(host: MenuHost, target: string, what: string): Promise<void> {
  // shell.openPath answers '' on success, else the OS's reason.
  const problem = await shell.openPath(target)
  if (problem === '') return
  host.logger.warn('could not open a path from the menu', { what, problem })
  dialog.showErrorBox(`Could not open ${what}`, `${target}\n\n${problem}`)
}
