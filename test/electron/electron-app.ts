import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { _electron, test as base, type ElectronApplication, type Page } from '@playwright/test'

const root = path.resolve(import.meta.dirname, '..', '..')

/** The launched app, its first window, and the temp home its user data lives in. */
export type LaunchedApp = { app: ElectronApplication; page: Page; home: string }

/**
 * Launches the built app (out/main/index.js) with the real Electron binary, its user data in a
 * fresh temp home: HOME, XDG_CONFIG_HOME and APPDATA all point there, so each test starts empty.
 */
export async function launchApp(): Promise<LaunchedApp> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-desk-electron-'))
  const isRoot = process.getuid?.() === 0
  // Never the dev server: the suite checks the built page, as installed apps load it.
  const environment = { ...process.env }
  delete environment.ELECTRON_RENDERER_URL
  const app = await _electron.launch({
    // Chromium refuses to sandbox as root (CI containers): only then is --no-sandbox added.
    args: [...(isRoot ? ['--no-sandbox'] : []), path.join(root, 'out', 'main', 'index.js')],
    cwd: root,
    env: {
      ...environment,
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, '.config'),
      APPDATA: path.join(home, 'AppData'),
    },
  })
  const page = await app.firstWindow()
  await page.getByTestId('view-audit-log').waitFor()
  return { app, page, home }
}

/** Playwright fixture: each test gets its own freshly launched app, closed afterwards. */
export const test = base.extend<{ launched: LaunchedApp }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the fixtures argument to be destructured
  launched: async ({}, use) => {
    const launched = await launchApp()
    await use(launched)
    await launched.app.close()
    fs.rmSync(launched.home, { recursive: true, force: true })
  },
})

export { expect } from '@playwright/test'
