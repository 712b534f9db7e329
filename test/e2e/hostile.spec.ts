// Log strings are attacker-controlled: the views must render them as text, never as markup, links
// or reordered characters. The cache is filled with the hostile strings before browser mode starts.
import { openDatabase } from '../../src/core/store/database'
import { auditEventJson } from '../../src/core/sync/test-events'
import { hostileStrings } from '../helpers/hostile/hostile-strings'
import { loadEvents } from '../helpers/load-events'
import { AppFrame } from './app-frame.page'
import { expect, screenshotPath, startBrowserMode, test } from './browser-mode'
import { LogExplorer } from './log-explorer.page'

test('hostile log strings render as inert text in the table and the detail', async ({
  page,
  dataDirectory,
}) => {
  const opened = openDatabase(dataDirectory, Date.now())
  loadEvents(
    opened,
    Object.values(hostileStrings).map((text, index) =>
      auditEventJson(index + 1, {
        occurred_at: new Date(Date.now() - (index + 1) * 60_000).toISOString(),
        recorded_at: new Date(Date.now() - (index + 1) * 60_000 + 100).toISOString(),
        actor: { type: 'user', id: `usr_${String(index)}`, email: null, name: text },
        resource: { type: 'template', id: `tpl_${String(index)}`, name: text },
        user_agent: text,
        status: 'failure',
        failure_reason: text,
        metadata: { note: text },
      }),
    ),
    [],
  )
  opened.close()
  const { mode, stop } = await startBrowserMode(dataDirectory)
  try {
    let dialogs = 0
    page.on('dialog', (dialog) => {
      dialogs += 1
      void dialog.dismiss()
    })
    await page.setViewportSize({ width: 1440, height: 900 })
    await page.goto(mode.url)
    const frame = new AppFrame(page)
    await expect(frame.view('audit-log')).toBeVisible()
    const log = new LogExplorer(page)
    await expect(log.rows).toHaveCount(Object.keys(hostileStrings).length)
    // Markup stays text: no element from a log value, no javascript: link.
    await expect(log.table.locator('img, script, iframe, a[href^="javascript:"]')).toHaveCount(0)
    await expect(log.table).toContainText(hostileStrings.html)
    await expect(log.table).toContainText(hostileStrings.script)
    // A bidi override is shown, not obeyed.
    await expect(log.table).toContainText('U+202E')
    await page.screenshot({ path: screenshotPath('hostile-table') })
    for (const [index] of Object.keys(hostileStrings).entries()) {
      await log.rows.nth(index).click()
      await expect(page.getByTestId('raw-json')).toBeVisible()
      await expect(log.detail.locator('img, script, iframe, a[href^="javascript:"]')).toHaveCount(0)
    }
    await page.screenshot({ path: screenshotPath('hostile-detail') })
    expect(dialogs).toBe(0)
  } finally {
    await stop()
  }
})
