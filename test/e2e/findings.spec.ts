// Monitoring › Findings (issue 6, items 1, 3 and 7): the demo organization synced in browser mode,
// its findings listed with severity, rule, window, explanation, who and what is involved and the
// thresholds; a status changed with a note (a false positive refused without one) and stamped;
// the list marked reviewed; and a finding's evidence followed into the audit log, showing exactly
// its events.
import type { Locator, Page } from '@playwright/test'
import { AppFrame } from './app-frame.page'
import { expect, screenshotPath, test } from './browser-mode'
import { LogExplorer } from './log-explorer.page'

/** Page object for Monitoring › Findings. */
class FindingsPage {
  constructor(readonly page: Page) {}

  get findings(): Locator {
    return this.page.getByTestId('finding')
  }

  get summary(): Locator {
    return this.page.getByTestId('findings-summary')
  }

  ofRule(rule: string): Locator {
    return this.page.locator(`[data-testid="finding"][data-rule="${rule}"]`)
  }

  async open(): Promise<void> {
    await new AppFrame(this.page).open('monitoring')
    await this.page.getByTestId('monitoring-tab-findings').click()
    await this.page.getByTestId('findings').waitFor()
  }
}

test('findings of the demo organization: review a status, mark reviewed, open the evidence', async ({
  page,
  browserMode,
}) => {
  test.setTimeout(180_000)
  await page.setViewportSize({ width: 1440, height: 1000 })
  await page.goto(browserMode.url)
  const frame = new AppFrame(page)
  await frame.open('connections')
  await page.getByTestId('start-demo').click()
  // The demo starts, the app moves to the audit log; the sync (and the detections) run behind.
  await expect(frame.view('audit-log')).toBeVisible({ timeout: 90_000 })
  await frame.open('connections')
  await expect(page.getByTestId('sync-outcome')).toContainText('Last sync complete', {
    timeout: 120_000,
  })

  const findings = new FindingsPage(page)
  await findings.open()
  await expect(findings.findings.first()).toBeVisible()
  await expect(findings.summary).toContainText('new: the list was never marked reviewed')
  const bulk = findings.ofRule('bulk-template-deletion')
  await expect(bulk).toHaveCount(1)
  await expect(bulk.getByTestId('finding-severity')).toHaveText(/High/)
  await expect(bulk.getByTestId('finding-explanation')).toContainText(
    /deleted \d+ templates within/,
  )
  await expect(bulk.getByTestId('finding-thresholds')).toContainText('Deletions 20 templates')
  await expect(bulk.getByTestId('finding-new')).toBeVisible()
  await page.screenshot({ path: screenshotPath('findings-1-list'), fullPage: true })
  // The rules with their thresholds, editable; the bounds are checked before saving.
  await page.getByTestId('finding-rules').locator('summary').click()
  const spraying = page.getByTestId('rule-settings-password-spraying')
  await spraying.getByTestId('threshold-password-spraying-minimumAccounts').fill('1')
  await spraying.getByRole('button', { name: 'Save' }).click()
  await expect(spraying.getByRole('status')).toContainText('enter a whole number from 3 to 100000')
  await spraying.scrollIntoViewIfNeeded()
  await page.screenshot({ path: screenshotPath('findings-1b-rules') })
  await page.getByTestId('finding-rules').locator('summary').click()

  // A false positive needs a note; acknowledged with one, it is stamped with who and when.
  const escalation = findings.ofRule('privilege-escalation')
  await escalation.getByTestId('finding-status-select').selectOption('false_positive')
  await escalation.getByTestId('finding-status-save').click()
  await expect(escalation.getByRole('alert')).toContainText('Say why it is a false positive')
  await escalation.getByTestId('finding-status-select').selectOption('acknowledged')
  await escalation
    .getByTestId('finding-status-note')
    .fill('Owner change confirmed with <b>Jonas</b>')
  await escalation.getByTestId('finding-status-save').click()
  // The default filter shows open findings: the acknowledged one leaves the list.
  await expect(escalation).toHaveCount(0)
  await page.getByTestId('finding-filter-status-acknowledged').check()
  await expect(escalation.getByTestId('finding-status-line')).toContainText(
    /Acknowledged · set by .+ at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC · “Owner change confirmed with <b>Jonas<\/b>”/,
  )
  await page.screenshot({ path: screenshotPath('findings-2-acknowledged'), fullPage: true })

  await page.getByTestId('findings-mark-reviewed').click()
  await expect(page.getByTestId('findings-notice')).toContainText('Marked reviewed at')
  await expect(findings.summary).toContainText('0 new since the review at')
  await expect(page.getByTestId('finding-new')).toHaveCount(0)

  // The evidence opens in the audit log, showing exactly the finding's events.
  const evidence = bulk.getByTestId('finding-evidence-audit-events')
  const count = Number(/Open (\d+) audit events/.exec(await evidence.innerText())?.[1])
  const findingId = await bulk.getAttribute('data-finding-id')
  await evidence.click()
  const log = new LogExplorer(page)
  await expect(page).toHaveURL(new RegExp(`#/audit-log\\?q=finding%3A${findingId ?? ''}`))
  await expect(log.queryInput).toHaveValue(`finding:${findingId ?? ''}`)
  await expect(log.summary).toContainText(`the evidence of finding ${findingId ?? ''}`)
  await expect(log.rows.first()).toContainText('template.deleted')
  await expect(page.getByTestId('event-table-summary')).toHaveText(`${String(count)} events`)
  await page.screenshot({ path: screenshotPath('findings-3-evidence'), fullPage: true })

  // Browser mode cannot pick files: Settings says how to use another country database.
  await frame.open('settings')
  await expect(page.getByTestId('settings-country-database-how')).toContainText(
    'audit-desk serve --country-db FILE',
  )
  await page.getByTestId('settings-country-database').scrollIntoViewIfNeeded()
  await page.screenshot({ path: screenshotPath('findings-4-country-database-setting') })
})
