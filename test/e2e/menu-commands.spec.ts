// The desktop menu's commands (app.command) in the page. Browser mode has no menu, so the page
// gets the bridge the Electron preload would give it (window.auditDesk: one function per method,
// plus subscribe), forwarding calls and events to browser mode; `window.menu(payload)` plays a
// menu click into it the way the main process's sendEvent does.
import type { Page } from '@playwright/test'
import type { AppCommand } from '../../src/shared/app-command-schemas'
import { eventNames } from '../../src/shared/method-names'
import { AppFrame } from './app-frame.page'
import { expect, screenshotPath, test } from './browser-mode'

type MenuWindow = Window & { menu?: (payload: AppCommand) => void }

async function withDesktopBridge(page: Page): Promise<void> {
  await page.addInitScript((names: readonly string[]) => {
    const listeners = new Set<(raw: unknown) => void>()
    const invoke = async (method: string, input: unknown): Promise<unknown> => {
      const response = await fetch('/api/invoke', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ method, input }),
      })
      return response.json()
    }
    const subscribe = (listener: (raw: unknown) => void) => {
      listeners.add(listener)
      const source = new EventSource('/api/events')
      for (const name of names)
        source.addEventListener(name, (message: MessageEvent<string>) => {
          listener({ name, payload: JSON.parse(message.data) as unknown })
        })
      return () => {
        listeners.delete(listener)
        source.close()
      }
    }
    const target = window as MenuWindow & { auditDesk?: unknown }
    target.menu = (payload) => {
      for (const listener of listeners) listener({ name: 'app.command', payload })
    }
    target.auditDesk = new Proxy(
      {},
      {
        get: (_object, key) =>
          key === 'subscribe'
            ? subscribe
            : typeof key === 'string'
              ? (input: unknown) => invoke(key, input)
              : undefined,
      },
    )
  }, eventNames)
}

const menu = (page: Page, payload: AppCommand) =>
  page.evaluate((command) => {
    ;(window as MenuWindow).menu?.(command)
  }, payload)

const invoked = (page: Page, method: string) =>
  page.waitForRequest(
    (request) =>
      request.url().endsWith('/api/invoke') &&
      (request.postDataJSON() as { method: string }).method === method,
  )

test('menu commands open views and the connect form before anything is connected', async ({
  page,
  browserMode,
}) => {
  await withDesktopBridge(page)
  await page.goto(browserMode.url)
  const frame = new AppFrame(page)
  await expect(frame.view('audit-log')).toBeVisible()
  await menu(page, { command: 'navigate', view: 'monitoring' })
  await expect(frame.view('monitoring')).toBeVisible()
  await expect(frame.navLink('monitoring')).toHaveAttribute('aria-current', 'page')
  await menu(page, { command: 'connect' })
  await expect(frame.view('connections')).toBeVisible()
  await expect(page.getByTestId('connect-form').locator('input').first()).toBeFocused()
  await page.screenshot({ path: screenshotPath('menu-connect-first-run') })
  // Export… with nothing to export opens the audit log's empty state, and no dialog later.
  await menu(page, { command: 'export' })
  await expect(page.getByTestId('empty-audit-log')).toBeVisible()
  await expect(page.getByTestId('export-dialog')).toHaveCount(0)
})

test('menu commands sync, export and build a pack once a demo organization is synced', async ({
  page,
  browserMode,
}) => {
  test.setTimeout(240_000)
  await withDesktopBridge(page)
  await page.goto(browserMode.url)
  const frame = new AppFrame(page)
  await frame.open('connections')
  await page.getByTestId('start-demo').click()
  await expect(frame.view('audit-log')).toBeVisible({ timeout: 90_000 })
  await frame.open('connections')
  await expect(page.getByTestId('sync-outcome')).toContainText('Last sync complete', {
    timeout: 120_000,
  })

  // Export… from API requests exports that view, with its filter.
  await frame.open('api-requests')
  await menu(page, { command: 'export' })
  await expect(page.getByTestId('export-dialog')).toBeVisible()
  await expect(frame.view('api-requests')).toBeVisible()
  await page.screenshot({ path: screenshotPath('menu-export-api-requests') })
  await page.keyboard.press('Escape')

  // Build audit pack… from anywhere: the Exports view, the cursor in the pack form.
  await frame.open('settings')
  await menu(page, { command: 'buildPack' })
  await expect(frame.view('exports')).toBeVisible()
  await expect(page.getByTestId('pack-connection')).toBeFocused()
  await page.screenshot({ path: screenshotPath('menu-build-pack') })

  // Sync now: the active organization syncs, in the Connections view.
  const started = invoked(page, 'sync.start')
  await menu(page, { command: 'syncNow' })
  await started
  await expect(frame.view('connections')).toBeVisible()
  await expect(page.getByTestId('sync-outcome')).toContainText('Last sync complete', {
    timeout: 120_000,
  })
  await expect(page.getByTestId('run-history').locator('tbody tr')).toHaveCount(4)

  // Connect organization… with one connected: the form for another one.
  await menu(page, { command: 'connect' })
  await expect(page.getByTestId('connect-form').locator('input').first()).toBeFocused()
  await expect(page.getByTestId('add-connection')).toHaveCount(0)
  await page.screenshot({ path: screenshotPath('menu-connect-another') })
})
