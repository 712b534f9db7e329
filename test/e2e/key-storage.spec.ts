// The Connect form says where an API key will be kept. Browser mode has no secret store, so the
// key stays in memory; the desktop app's "no secret store" (Linux basic_text) answer is played
// into the page by intercepting secrets.status, to see the form ask before a readable copy.
import type { Page, Request } from '@playwright/test'
import { startDemoServer, type DemoServer } from '../../src/demo-org/index'
import { AppFrame } from './app-frame.page'
import { expect, screenshotPath, test } from './browser-mode'

let demo: DemoServer | undefined
test.afterEach(async () => {
  await demo?.close()
  demo = undefined
})

/** Answers secrets.status as a desktop app without a secret store would; other calls pass. */
async function pretendNoSecretStore(page: Page): Promise<void> {
  await page.route('**/api/invoke', async (route) => {
    const call = route.request().postDataJSON() as { method: string }
    if (call.method !== 'secrets.status') return route.continue()
    return route.fulfill({
      json: {
        ok: true,
        value: {
          storage: 'weak',
          backend: 'basic_text',
          problems: [
            "The stored API key for https://api.old.example could not be decrypted (the system's secret store changed or is locked). Unlock it and restart, or connect the organization again.",
          ],
        },
      },
    })
  })
}

const addCall = (request: Request) =>
  request.url().endsWith('/api/invoke') &&
  (request.postDataJSON() as { method: string }).method === 'connections.add'

test('browser mode says the key stays in memory and connects as before', async ({
  page,
  browserMode,
}) => {
  demo = await startDemoServer({ seed: 4, auditEvents: 1_000, requestLogs: 200, days: 3 })
  await page.goto(browserMode.url)
  await new AppFrame(page).open('connections')
  const storage = page.getByTestId('key-storage')
  await expect(storage).toHaveAttribute('data-storage', 'none')
  await expect(storage).toHaveText(
    'Browser mode keeps the key in memory only: you will enter it again after a restart.',
  )
  await expect(page.getByRole('radio')).toHaveCount(0)
  await page.screenshot({ path: screenshotPath('connect-form-browser-mode') })

  await page.getByTestId('connect-url').fill(demo.url)
  await page.getByTestId('connect-key').fill(demo.keys.full)
  const added = page.waitForRequest(addCall)
  await page.getByTestId('connect-submit').click()
  expect((await added).postDataJSON()).toMatchObject({ input: { storeKey: 'encrypted-only' } })
  await expect(new AppFrame(page).view('audit-log')).toBeVisible({ timeout: 30_000 })
})

test('without a secret store the form asks, session only preselected, before storing', async ({
  page,
  browserMode,
}) => {
  demo = await startDemoServer({ seed: 4, auditEvents: 1_000, requestLogs: 200, days: 3 })
  await pretendNoSecretStore(page)
  await page.goto(browserMode.url)
  await new AppFrame(page).open('connections')
  const storage = page.getByTestId('key-storage')
  await expect(storage).toHaveAttribute('data-storage', 'weak')
  await expect(storage).toContainText('readable by anyone who can read your files')
  await expect(storage.getByRole('alert')).toContainText('https://api.old.example')
  await expect(page.getByTestId('key-session-only')).toBeChecked()
  await expect(page.getByTestId('key-allow-weak')).not.toBeChecked()
  await page.screenshot({ path: screenshotPath('connect-form-no-secret-store') })

  await page.getByLabel('Store it unencrypted on this computer').check()
  await expect(page.getByTestId('key-session-only')).not.toBeChecked()
  await page.getByTestId('connect-url').fill(demo.url)
  await page.getByTestId('connect-key').fill(demo.keys.full)
  const added = page.waitForRequest(addCall)
  await page.getByTestId('connect-submit').click()
  expect((await added).postDataJSON()).toMatchObject({ input: { storeKey: 'allow-weak' } })
  await expect(new AppFrame(page).view('audit-log')).toBeVisible({ timeout: 30_000 })
})
