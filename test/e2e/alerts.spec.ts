// Alert rules fire on a live demo server in browser mode (issue 6, item 4): a live demo
// organization (new activity every second) connected and synced, a user rule written with
// inline validation, follow mode on, then a key created on the server: the alert arrives as a
// notice and in the inbox, opens its event in the audit log, and is marked read.
import type { Locator, Page } from '@playwright/test'
import { startDemoServer, type DemoServer } from '../../src/demo-org/index'
import { AppFrame } from './app-frame.page'
import { expect, screenshotPath, test } from './browser-mode'
import { LogExplorer } from './log-explorer.page'

/** Page object for Monitoring › Alerts: the inbox and the rules. */
class AlertsPage {
  constructor(readonly page: Page) {}

  get rows(): Locator {
    return this.page.getByTestId('alert-row')
  }

  get toast(): Locator {
    return this.page.getByTestId('alert-toast')
  }

  get badge(): Locator {
    return this.page.getByTestId('unread-alerts')
  }

  field(name: string): Locator {
    return this.page.getByTestId(`rule-${name}`)
  }

  problem(name: string): Locator {
    return this.page.getByTestId(`rule-problem-${name}`)
  }

  async open(part: 'inbox' | 'rules'): Promise<void> {
    await new AppFrame(this.page).open('monitoring')
    await this.page.getByTestId('monitoring-tab-alerts').click()
    await this.page.getByTestId(`alerts-show-${part}`).click()
  }
}

let demo: DemoServer | undefined
test.afterEach(async () => {
  await demo?.close()
  demo = undefined
})

test('a key created on a live demo server raises alerts: notice, inbox, event, read', async ({
  page,
  browserMode,
}) => {
  test.setTimeout(180_000)
  await page.setViewportSize({ width: 1440, height: 1000 })
  demo = await startDemoServer({
    seed: 31,
    auditEvents: 4_000,
    requestLogs: 6_000,
    days: 10,
    live: true,
  })
  const frame = new AppFrame(page)
  const alerts = new AlertsPage(page)
  await page.goto(browserMode.url)
  await frame.open('connections')
  await page.getByTestId('connect-url').fill(demo.url)
  await page.getByTestId('connect-key').fill(demo.keys.full)
  await page.getByTestId('connect-submit').click()
  // Connected, the app shows the audit log while the first sync runs.
  await expect(frame.view('audit-log')).toBeVisible({ timeout: 30_000 })
  await frame.open('connections')
  await expect(page.getByTestId('sync-outcome')).toContainText('Last sync complete', {
    timeout: 60_000,
  })

  // The first sync's matches are history: listed, never announced.
  await alerts.open('inbox')
  await expect(page.getByTestId('alert-summary')).toContainText('0 unread of 0 alerts raised')
  await expect(page.getByTestId('alert-empty')).toContainText('No alerts yet')
  await page.getByTestId('alert-list').selectOption('historical')
  await expect(alerts.rows.first()).toBeVisible()
  await expect(alerts.rows.first().locator('[data-severity]')).toHaveText(/^(▲High|◆Medium)$/)
  await expect(alerts.toast).toHaveCount(0)
  await page.screenshot({ path: screenshotPath('alerts-1-first-sync-history') })

  // A user rule, checked field by field as it is typed.
  await alerts.open('rules')
  await expect(page.getByTestId('rule-item')).toHaveCount(3)
  await page.getByTestId('rule-new').click()
  await alerts.field('action').fill('api_key*')
  await alerts.field('action').blur()
  await expect(alerts.problem('action')).toContainText('prefix ending in .* (template.*)')
  await alerts.field('ip').fill('198.51.100.23/24')
  await alerts.field('ip').blur()
  await expect(alerts.problem('ip')).toHaveText(
    'the block has host bits set; did you mean 198.51.100.0/24?',
  )
  await alerts.field('country').fill('ZZ')
  await page.getByTestId('rule-save').click()
  await expect(alerts.problem('name')).toContainText('give the rule a name')
  await expect(alerts.problem('country')).toContainText('ISO 3166-1 code')
  await page
    .getByTestId('rule-form')
    .screenshot({ path: screenshotPath('alerts-2-rule-form-invalid') })
  await alerts.field('name').fill('API keys created from the lab network')
  await alerts.field('action').fill('api_key.*')
  await alerts.field('ip').fill('198.51.100.0/24')
  await alerts.field('country').fill('')
  await page.getByTestId('rule-severity').selectOption('medium')
  await page.getByTestId('rule-save').click()
  await expect(page.getByTestId('rule-form')).toHaveCount(0)
  const userRule = page.getByTestId('rule-item').filter({ hasText: 'from the lab network' })
  await expect(userRule).toContainText('action api_key.* · IP in 198.51.100.0/24')
  await expect(userRule).toContainText('Written by')
  // A built-in rule is turned off and on again, stamped with who did it.
  const removed = page.getByTestId('rule-item').filter({ hasText: 'Member removed' })
  await removed.getByTestId('rule-enabled').click()
  await expect(removed).toHaveClass(/is-off/)
  await expect(removed).toContainText('changed by')
  await removed.getByTestId('rule-enabled').click()
  await expect(removed).not.toHaveClass(/is-off/)
  await page.screenshot({ path: screenshotPath('alerts-3-rules') })

  // Follow mode, then a key is created on the server.
  await frame.open('connections')
  await page.getByTestId('follow-interval').selectOption('30')
  await page.getByTestId('follow-toggle').click()
  await expect(page.getByTestId('follow-toggle')).toBeChecked()
  const created = demo.appendLiveAuditEvent('api_key.created', { ipAddress: '198.51.100.23' })
  expect(created?.action).toBe('api_key.created')

  await expect(alerts.toast).toBeVisible({ timeout: 90_000 })
  await expect(alerts.toast).toContainText(/\d+ new alerts?/)
  await expect(alerts.badge).toBeVisible()
  await page.screenshot({ path: screenshotPath('alerts-4-notice') })

  await page.getByTestId('alert-toast-open').click()
  await expect(page.getByTestId('alert-inbox')).toBeVisible()
  const mine = alerts.rows.filter({ hasText: '198.51.100.23' })
  await expect(mine).toHaveCount(2)
  await expect(mine.filter({ hasText: 'New API key created' })).toContainText('▲High')
  await expect(mine.filter({ hasText: 'from the lab network' })).toContainText('◆Medium')
  await expect(mine.first()).toHaveAttribute('data-unread', 'true')
  await page.screenshot({ path: screenshotPath('alerts-5-inbox') })

  // Its event in the audit log: exactly that event.
  const builtIn = mine.filter({ hasText: 'New API key created' })
  const alertId = await builtIn.getAttribute('data-alert-id')
  await builtIn.getByTestId('alert-open').click()
  await expect(page).toHaveURL(new RegExp(`q=alert%3A${alertId ?? 'x'}`))
  const log = new LogExplorer(page)
  await expect(log.rows).toHaveCount(1)
  await expect(log.rows.first()).toContainText('api_key.created')
  await expect(log.rows.first()).toContainText('198.51.100.23')
  await page.screenshot({ path: screenshotPath('alerts-6-event') })

  // Back in the inbox it is read; marking all read clears the badge.
  await alerts.open('inbox')
  await expect(
    alerts.rows.filter({ hasText: '198.51.100.23' }).filter({ hasText: 'New API key' }),
  ).toHaveAttribute('data-unread', 'false')
  await page.getByTestId('alert-mark-all').click()
  await expect(alerts.badge).toHaveCount(0)
  await expect(alerts.rows.first()).toHaveAttribute('data-unread', 'false')
  await page.screenshot({ path: screenshotPath('alerts-7-all-read') })
})
