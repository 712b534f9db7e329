// The main flow of issue 5: first run, the demo organization synced with progress, the audit log
// filtered from the query bar, an event opened in detail, a pivot, annotations and labels, a saved
// view, and the request log.
import { AnnotationPanel } from './annotation-panel.page'
import { AppFrame } from './app-frame.page'
import { expect, screenshotPath, startBrowserMode, test } from './browser-mode'
import { LogExplorer } from './log-explorer.page'

let stopBrowserMode: (() => Promise<void>) | undefined
test.afterEach(async () => {
  await stopBrowserMode?.()
  stopBrowserMode = undefined
})

test('first run → demo → sync with progress → filter → detail → pivot → annotate → saved view → request logs', async ({
  page,
  dataDirectory,
}) => {
  test.setTimeout(180_000)
  // A demo large enough for the sync to take a few seconds, so its progress is seen.
  const { mode, stop } = await startBrowserMode(dataDirectory, [
    '--demo-audit-events',
    '20000',
    '--demo-request-logs',
    '200000',
  ])
  stopBrowserMode = stop
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.goto(mode.url)
  const frame = new AppFrame(page)
  await frame.open('connections')
  await page.getByTestId('start-demo').click()
  // The demo starts, the app moves to the audit log; the sync runs in the background.
  await expect(frame.view('audit-log')).toBeVisible({ timeout: 90_000 })
  await frame.open('connections')
  await expect(page.getByTestId('sync-progress')).toBeVisible()
  await expect(page.getByTestId('sync-progress')).toContainText('events/s')
  await page.screenshot({ path: screenshotPath('review-0-sync-progress') })
  await expect(page.getByTestId('sync-outcome')).toContainText('Last sync complete', {
    timeout: 90_000,
  })
  await expect(page.getByTestId('run-history')).toContainText('complete')
  await page.screenshot({ path: screenshotPath('review-1-connections-synced') })

  await frame.open('audit-log')
  const log = new LogExplorer(page)
  await expect(log.rows.first()).toBeVisible()
  await page.screenshot({ path: screenshotPath('review-2-audit-log') })

  await log.filter('action:user.* -status:success')
  await expect(log.summary).toContainText('user.*')
  await expect(page).toHaveURL(/q=action%3Auser/)
  const first = log.rows.first()
  await expect(first).toContainText('failure')
  await page.screenshot({ path: screenshotPath('review-3-filtered') })

  await first.click()
  await page.keyboard.press('Enter')
  await expect(log.detail).toBeVisible()
  await expect(page.getByTestId('raw-json')).toContainText('"action"')
  await page.screenshot({ path: screenshotPath('review-4-detail') })

  await page.getByTestId('pivot-actor').click()
  await expect(log.queryInput).toHaveValue(/^actor:/)
  await expect(log.rows.first()).toBeVisible()
  await page.screenshot({ path: screenshotPath('review-5-pivot-actor') })
  // Back returns to the previous filter (the filter lives in the URL).
  await page.goBack()
  await expect(log.queryInput).toHaveValue('action:user.* -status:success')

  // Review notes: star the open event, tag it, comment on it, then find exactly it by its tag.
  await log.rows.first().click()
  await page.keyboard.press('Enter')
  const review = new AnnotationPanel(page)
  await expect(review.panel).toBeVisible()
  const eventId = await log.detail
    .locator('.ev-field')
    .filter({ hasText: 'Event id' })
    .locator('dd')
    .innerText()
  await review.star.click()
  await expect(review.star).toHaveAttribute('aria-pressed', 'true')
  await review.addTag('reviewed')
  await expect(review.tags).toHaveText([/reviewed/])
  await review.addComment('Failed sign-in checked with the account owner <b>ok</b>')
  await expect(review.comments).toHaveCount(1)
  await expect(review.comments.first()).toContainText('<b>ok</b>')
  await expect(review.comments.first()).toContainText('UTC')
  await page.screenshot({ path: screenshotPath('review-5b-annotated') })
  await log.filter('tag:reviewed')
  await expect(log.summary).toContainText('tag reviewed')
  await expect(log.rows).toHaveCount(1)
  await log.rows.first().click()
  await page.keyboard.press('Enter')
  await expect(log.detail).toContainText(eventId)
  await expect(review.star).toHaveAttribute('aria-pressed', 'true')

  // A template's events: label the template HIPAA, and `label:HIPAA` shows its activity.
  await log.filter('action:template.updated')
  await log.rows.first().click()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('label-control')).toBeVisible()
  await review.addLabel('HIPAA')
  await expect(review.labels).toHaveText([/HIPAA/])
  await page.screenshot({ path: screenshotPath('review-5c-labelled') })
  await log.filter('label:HIPAA')
  await expect(log.summary).toContainText('label HIPAA')
  await expect(log.rows.first()).toBeVisible()
  await expect(log.rows.first()).toContainText('template.')
  // Bulk tag: every event the filter matches.
  await review.bulkTag('hipaa-access-review')
  await expect(page.getByTestId('bulk-tag-result')).toContainText(/Tagged \d+ of \d+/)
  await page.screenshot({ path: screenshotPath('review-5d-label-filter-bulk-tagged') })

  // The filter becomes a saved view, listed in the sidebar and reopened from there.
  await page.getByTestId('save-view').click()
  await page.getByTestId('save-view-name').fill('HIPAA access review')
  await page.getByTestId('save-view-submit').click()
  await expect(page.getByTestId('saved-view')).toHaveText('HIPAA access review')
  await log.filter('')
  await page.getByTestId('saved-view').click()
  await expect(log.queryInput).toHaveValue('label:HIPAA')

  await frame.open('api-requests')
  await log.filter('status:5xx')
  await expect(log.rows.first()).toBeVisible()
  await expect(log.rows.first()).toContainText('5')
  await page.screenshot({ path: screenshotPath('review-6-request-logs') })
})
