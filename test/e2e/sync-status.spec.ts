// Sync status and Settings (issue 5, items 2 and 8): the coverage calendar verified day by day
// after "Verify now", follow mode turned on and off, and the settings kept across a reload.
import path from 'node:path'
import type { Page } from '@playwright/test'
import Database from 'better-sqlite3'
import { AppFrame } from './app-frame.page'
import { expect, screenshotPath, test } from './browser-mode'

/** Edits one cached audit event of a sealed day behind the app's back; returns its UTC date. */
function tamperWithCache(dataDirectory: string): string {
  const db = new Database(path.join(dataDirectory, 'audit-desk.sqlite'))
  try {
    db.pragma('busy_timeout = 5000')
    const sealed = Date.now() - 3 * 86_400_000
    const row = db
      .prepare<[number], { row_id: number; occurred_at: number }>(
        'SELECT row_id, occurred_at FROM audit_events WHERE occurred_at < ? ORDER BY occurred_at DESC LIMIT 1',
      )
      .get(sealed)
    if (row === undefined) throw new Error('no sealed audit event to tamper with')
    db.prepare(
      "UPDATE audit_events SET raw = json_set(raw, '$.user_agent', 'tampered') WHERE row_id = ?",
    ).run(row.row_id)
    return new Date(row.occurred_at).toISOString().slice(0, 10)
  } finally {
    db.close()
  }
}

async function startSyncedDemo(page: Page, url: string): Promise<AppFrame> {
  await page.goto(url)
  const frame = new AppFrame(page)
  await frame.open('connections')
  await page.getByTestId('start-demo').click()
  await expect(frame.view('audit-log')).toBeVisible({ timeout: 60_000 })
  await frame.open('connections')
  await expect(page.getByTestId('sync-outcome')).toContainText('Last sync complete', {
    timeout: 60_000,
  })
  return frame
}

test('the coverage calendar shows every day verified after "Verify now"', async ({
  page,
  browserMode,
}) => {
  test.setTimeout(120_000)
  await page.setViewportSize({ width: 1440, height: 1000 })
  await startSyncedDemo(page, browserMode.url)
  const audit = page.getByTestId('coverage-audit-events')
  await expect(audit.locator('[data-status]').first()).toBeVisible()
  await page.getByTestId('coverage-verify').click()
  await expect(page.getByTestId('coverage-verify-outcome')).toContainText(
    'days verified, 0 mismatched',
    { timeout: 60_000 },
  )
  for (const stream of ['audit-events', 'request-logs']) {
    const calendar = page.getByTestId(`coverage-${stream}`)
    await expect(calendar.locator('[data-status="verified"]').first()).toBeVisible()
    await expect(calendar.locator('[data-status]:not([data-status="verified"])')).toHaveCount(0)
    await expect(page.getByTestId(`coverage-summary-${stream}`)).toContainText(
      '0 mismatched · 0 gap · 0 unverified',
    )
  }
  // A day cell is named for screen readers; choosing it shows its details.
  const newest = audit.locator('[data-status]').last()
  await expect(newest).toHaveAttribute(
    'aria-label',
    /^\d{4}-\d{2}-\d{2}: [\d,]+ events?, verified$/,
  )
  await newest.click()
  await expect(page.getByTestId('coverage-detail-audit-events')).toContainText('verified: count')
  await page.keyboard.press('ArrowUp')
  const previous = await newest.getAttribute('data-date')
  await expect(audit.locator('[aria-pressed="true"]')).not.toHaveAttribute(
    'data-date',
    previous ?? '',
  )
  await expect(page.getByTestId('coverage-repair-audit-events')).toHaveCount(0)
  await page.getByTestId('coverage-audit-events').scrollIntoViewIfNeeded()
  await page.screenshot({ path: screenshotPath('sync-status-1-calendar-verified') })

  // Someone edits the cache file: the next verification finds that day, a repair heals it.
  const date = tamperWithCache(browserMode.dataDirectory)
  await page.getByTestId('coverage-verify').click()
  await expect(page.getByTestId('coverage-verify-outcome')).toContainText('1 mismatched')
  const mismatched = audit.locator('[data-status="mismatched"]')
  await expect(mismatched).toHaveCount(1)
  await expect(mismatched).toHaveAttribute('data-date', date)
  await expect(mismatched).toHaveAttribute('aria-label', new RegExp(`^${date}: .* mismatched$`))
  await mismatched.click()
  const repair = page.getByTestId('coverage-repair-audit-events')
  await expect(repair).toHaveText('Repair 1 mismatched day')
  await page
    .locator('.coverage')
    .screenshot({ path: screenshotPath('sync-status-2-calendar-mismatched') })
  await repair.click()
  await expect(audit).toContainText('1 of 1 days repaired and verified.')
  await expect(mismatched).toHaveCount(0)
  await expect(audit.locator(`[data-date="${date}"]`)).toHaveAttribute('data-status', 'verified')
})

test('follow mode is turned on, kept across a reload, and turned off', async ({
  page,
  browserMode,
}) => {
  test.setTimeout(120_000)
  await startSyncedDemo(page, browserMode.url)
  const toggle = page.getByTestId('follow-toggle')
  await expect(toggle).not.toBeChecked()
  await page.getByTestId('follow-interval').selectOption('300')
  await expect(page.getByTestId('connection-card')).toContainText('Keep syncing every 5 minutes')
  // A controlled checkbox: it turns on once the core says the connection is followed.
  await toggle.click()
  await expect(toggle).toBeChecked()
  await expect(page.getByTestId('follow-status')).toContainText('Following')
  await expect(page.getByTestId('follow-status')).toContainText('next sync at', { timeout: 30_000 })
  await page.screenshot({ path: screenshotPath('sync-status-3-follow-on') })

  await page.reload()
  const frame = new AppFrame(page)
  await frame.open('connections')
  await expect(page.getByTestId('follow-toggle')).toBeChecked()
  await expect(page.getByTestId('follow-interval')).toHaveValue('300')
  await page.getByTestId('follow-toggle').click()
  await expect(page.getByTestId('follow-toggle')).not.toBeChecked()
  await expect(page.getByTestId('follow-status')).toHaveCount(0)
})

test('settings are validated, saved, and shown again after a reload', async ({
  page,
  browserMode,
}) => {
  test.setTimeout(120_000)
  await page.setViewportSize({ width: 1280, height: 1100 })
  await startSyncedDemo(page, browserMode.url)
  const frame = new AppFrame(page)
  await frame.open('settings')

  const name = page.getByTestId('settings-reviewer-input')
  await name.fill('   ')
  await page.getByTestId('settings-reviewer-save').click()
  await expect(page.getByTestId('settings-reviewer')).toContainText('Enter a name')
  await name.fill('Ana Auditor')
  await page.getByTestId('settings-reviewer-save').click()
  await expect(page.getByTestId('settings-reviewer-current')).toHaveText('Ana Auditor')

  await page.getByTestId('settings-time-mode-local').check()

  await page.getByTestId('settings-retention-prune').check()
  const days = page.getByTestId('settings-retention-days')
  await days.fill('0')
  await expect(page.getByTestId('settings-retention')).toContainText(
    'Enter a whole number of days from 1 to 36,500.',
  )
  await days.fill('30')
  await expect(page.getByTestId('settings-retention-preview')).toContainText(
    'the next sync removes',
  )
  await page.getByTestId('settings-retention-save').click()
  await expect(page.getByTestId('settings-retention-saved')).toContainText(
    'remove events older than 30 days',
  )
  await page.screenshot({ path: screenshotPath('sync-status-4-settings') })
  await expect(page.getByTestId('settings-data-size')).toContainText('in the data directory')
  await page
    .locator('.facts')
    .screenshot({ path: screenshotPath('sync-status-5-settings-installation') })

  await page.reload()
  await frame.open('settings')
  await expect(page.getByTestId('settings-reviewer-input')).toHaveValue('Ana Auditor')
  await expect(page.getByTestId('settings-retention-saved')).toContainText('older than 30 days')
  await expect(page.getByTestId('settings-retention-days')).toHaveValue('30')
  await expect(page.getByTestId('settings-time-mode-local')).toBeChecked()
  // The log views follow the default.
  await frame.open('audit-log')
  await expect(page.getByTestId('time-mode-toggle-local').locator('input')).toBeChecked()
})

test('an audit period set in Settings is a quick range of the log views', async ({
  page,
  browserMode,
}) => {
  test.setTimeout(120_000)
  await startSyncedDemo(page, browserMode.url)
  const frame = new AppFrame(page)
  await frame.open('settings')
  const from = page.getByTestId('settings-audit-period-from')
  const to = page.getByTestId('settings-audit-period-to')
  const period = page.getByTestId('settings-audit-period')
  await from.fill('2026-10-31')
  await to.fill('2026-10-01')
  await page.getByTestId('settings-audit-period-save').click()
  await expect(period).toContainText('The last day must be on or after the first day.')
  await to.fill('2026-11-15')
  await page.getByTestId('settings-audit-period-save').click()
  await expect(period).toContainText('Saved: 2026-10-31 to 2026-11-15')
  await period.screenshot({ path: screenshotPath('sync-status-6-audit-period') })

  await frame.open('audit-log')
  await page.getByTestId('quick-range-audit-period').click()
  const query = page.getByTestId('query-input')
  await expect(query).toHaveValue('from:2026-10-31 to:2026-11-16') // `to:` is exclusive
  await expect(page).toHaveURL(/#\/audit-log\?q=/)
  await page
    .locator('.query-bar')
    .screenshot({ path: screenshotPath('sync-status-7-audit-period-range') })
})
