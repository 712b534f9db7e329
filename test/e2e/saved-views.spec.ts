// Saved views and facet counts: a filter saved under a name survives a reload and reopens from the
// sidebar; clicking a facet value refines the filter and the query bar follows.
import { AppFrame } from './app-frame.page'
import { expect, screenshotPath, test } from './browser-mode'
import { LogExplorer } from './log-explorer.page'

test('save a view, reload, reopen it from the sidebar; refine with a facet', async ({
  page,
  browserMode,
}) => {
  test.setTimeout(90_000)
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.goto(browserMode.url)
  const frame = new AppFrame(page)
  await frame.open('connections')
  await page.getByTestId('start-demo').click()
  await expect(frame.view('audit-log')).toBeVisible({ timeout: 60_000 })
  await frame.open('connections')
  await expect(page.getByTestId('sync-outcome')).toContainText('complete', { timeout: 60_000 })
  await frame.open('audit-log')
  const log = new LogExplorer(page)

  await log.filter('category:authentication status:failure')
  await expect(log.rows.first()).toBeVisible()
  await page.getByTestId('save-view').click()
  await page.getByTestId('save-view-name').fill('Failed authentication')
  await page.getByTestId('save-view-submit').click()
  await expect(page.getByTestId('saved-view')).toHaveText('Failed authentication')

  await page.reload()
  await frame.open('exports')
  await page.getByTestId('saved-view').click()
  await expect(frame.view('audit-log')).toBeVisible()
  await expect(log.queryInput).toHaveValue('category:authentication status:failure')

  // A facet value narrows the filter; the query bar shows it.
  await frame.open('audit-log')
  await log.filter('')
  const firstAction = page.getByTestId('facet-action').first()
  await firstAction.check()
  await expect(log.queryInput).toHaveValue(/^action:/)
  await page.screenshot({ path: screenshotPath('saved-views-facets') })
})
