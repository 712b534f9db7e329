import fs from 'node:fs'
import path from 'node:path'
import { metaContentSecurityPolicy } from '../../src/main/content-security-policy'
import { AppFrame } from './app-frame.page'
import { expect, screenshotPath, startBrowserMode, test } from './browser-mode'

const emptyStates = [
  ['audit-log', 'Audit log', 'No audit events in this cache yet'],
  ['api-requests', 'API requests', 'No API request logs in this cache yet'],
  ['monitoring', 'Monitoring', 'Nothing to monitor yet'],
  ['exports', 'Exports', 'Nothing to export yet'],
] as const

test('every view is reachable and shows its empty state, cache ready, live updates connected', async ({
  page,
  browserMode,
}) => {
  await page.goto(browserMode.url)
  await expect(page).toHaveURL(`${browserMode.origin}/`)
  const frame = new AppFrame(page)
  await expect(frame.view('audit-log')).toBeVisible()
  await expect(frame.cacheStatus).toHaveText(/^Cache: ready · .* · schema \d+$/)
  await expect(frame.liveStatus).toHaveText('Live updates: connected')
  for (const [id, title, heading] of emptyStates) {
    await frame.open(id)
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title)
    await expect(page.getByTestId(`empty-${id}`).getByRole('heading', { level: 2 })).toHaveText(
      heading,
    )
    await expect(frame.navLink(id)).toHaveAttribute('aria-current', 'page')
    await expect(page).toHaveTitle(`${title} · Audit Desk`)
    await page.screenshot({ path: screenshotPath(`view-${id}`) })
  }
  await frame.open('audit-log')
  await expect(page.getByTestId('empty-audit-log')).toContainText(
    path.join(browserMode.dataDirectory, 'audit-desk.sqlite'),
  )
  await frame.open('connections')
  await expect(page.getByTestId('first-run')).toBeVisible()
  await expect(page.getByTestId('start-demo')).toHaveText('Explore the demo organization')
  await page.screenshot({ path: screenshotPath('view-connections-first-run') })
  await frame.open('settings')
  await expect(page.getByTestId('settings-data-directory')).toHaveText(browserMode.dataDirectory)
  await expect(page.getByTestId('settings-cache-state')).toContainText('Ready:')
  await page.screenshot({ path: screenshotPath('view-settings') })
})

test('back and forward move between views', async ({ page, browserMode }) => {
  await page.goto(browserMode.url)
  const frame = new AppFrame(page)
  await frame.open('monitoring')
  await frame.open('exports')
  await page.goBack()
  await expect(frame.view('monitoring')).toBeVisible()
  await page.goForward()
  await expect(frame.view('exports')).toBeVisible()
})

test('the empty state action leads to Connections', async ({ page, browserMode }) => {
  await page.goto(browserMode.url)
  await page.getByRole('link', { name: 'Go to Connections' }).click()
  await expect(new AppFrame(page).view('connections')).toBeVisible()
})

test('keyboard users can reach the navigation and see where focus is', async ({
  page,
  browserMode,
}) => {
  await page.goto(browserMode.url)
  await new AppFrame(page).view('audit-log').waitFor()
  await page.keyboard.press('Tab')
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused()
  await page.keyboard.press('Tab')
  const first = page.getByTestId('nav-audit-log')
  await expect(first).toBeFocused()
  const outline = await first.evaluate((element) => getComputedStyle(element).outlineStyle)
  expect(outline).toBe('solid')
  await page.screenshot({ path: screenshotPath('keyboard-focus') })
  await page.keyboard.press('Tab')
  await page.keyboard.press('Enter')
  await expect(new AppFrame(page).view('api-requests')).toBeVisible()
})

test('dark theme follows the system preference', async ({ browser, browserMode }) => {
  const context = await browser.newContext({ colorScheme: 'dark' })
  const page = await context.newPage()
  await page.goto(browserMode.url)
  await new AppFrame(page).view('audit-log').waitFor()
  const background = await page.evaluate(
    () => getComputedStyle(document.body.parentElement ?? document.body).backgroundColor,
  )
  expect(background).toBe('rgb(20, 23, 28)')
  await page.screenshot({ path: screenshotPath('dark-audit-log') })
  await context.close()
})

test('without the token the page and the API are refused with 401', async ({
  page,
  request,
  browserMode,
}) => {
  const response = await page.goto(browserMode.origin)
  expect(response?.status()).toBe(401)
  await expect(page.locator('body')).toContainText('needs the token')
  const wrong = await page.goto(`${browserMode.origin}/?token=not-the-token`)
  expect(wrong?.status()).toBe(401)
  const api = await request.post(`${browserMode.origin}/api/invoke`, {
    data: { method: 'app.info', input: {} },
  })
  expect(api.status()).toBe(401)
  expect(await api.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
})

test('a damaged cache is reported with its path and the way out, and left untouched', async ({
  page,
  dataDirectory,
}) => {
  const file = path.join(dataDirectory, 'audit-desk.sqlite')
  const bytes = 'these bytes are not a database but must survive\n'.repeat(64)
  fs.writeFileSync(file, bytes)
  const { mode, stop } = await startBrowserMode(dataDirectory)
  try {
    await page.goto(mode.url)
    const banner = page.getByTestId('cache-error')
    await expect(banner).toContainText('The local cache is unavailable.')
    await expect(banner).toContainText(file)
    await expect(banner).toContainText('restore it from a backup or move it aside')
    await expect(new AppFrame(page).cacheStatus).toHaveText('Cache: unavailable (database_corrupt)')
    await page.screenshot({ path: screenshotPath('damaged-cache') })
  } finally {
    await stop()
  }
  expect(fs.readFileSync(file, 'utf8')).toBe(bytes)
})

test("the built page carries the source page's Content-Security-Policy unchanged", () => {
  // The desktop app enforces the page's own <meta> policy (and sends it as a header): the build
  // must not drop or alter it. Checked here because the e2e suite runs on the build.
  const root = path.resolve(import.meta.dirname, '../..')
  const policyOf = (file: string) =>
    metaContentSecurityPolicy(fs.readFileSync(path.join(root, file), 'utf8'))
  const source = policyOf('src/renderer/index.html')
  expect(source).toMatch(/script-src 'self'/)
  expect(policyOf('out/renderer/index.html')).toBe(source)
})
