// The Monitoring charts (issue 6, item 2): the demo organization synced, the Charts tab shows every
// chart with data; brushing a time range (with the pointer, and with the keyboard's zoom form)
// narrows the query in the location; back returns; clicking a bar opens its events in the log
// table with the narrowed query.
import type { Locator, Page } from '@playwright/test'
import { AppFrame } from './app-frame.page'
import { expect, screenshotPath, test } from './browser-mode'
import { LogExplorer } from './log-explorer.page'

/** Page object for the Charts tab of the Monitoring view. */
class ChartsPanel {
  constructor(readonly page: Page) {}

  get panel(): Locator {
    return this.page.getByTestId('charts-panel')
  }

  get queryInput(): Locator {
    return this.page.getByTestId('query-input')
  }

  chart(id: string): Locator {
    return this.page.getByTestId(`chart-${id}`)
  }

  /** The plotting surface of a recharts chart inside a chart card. */
  surface(id: string): Locator {
    return this.chart(id).locator('.recharts-wrapper').first()
  }

  /** Waits until every chart has answered (drawn, or said it is empty). */
  async waitForCharts(): Promise<void> {
    for (const id of [
      'sign-ins',
      'failed-hours',
      'countries',
      'key-requests',
      'error-rate',
      'latency',
      'endpoints',
    ])
      await expect(this.chart(id)).toHaveAttribute('data-state', /^(ready|empty)$/, {
        timeout: 30_000,
      })
  }

  /** Drags across a time chart's plot from one fraction of its width to another. */
  async brush(id: string, fromFraction: number, toFraction: number): Promise<void> {
    await this.surface(id).scrollIntoViewIfNeeded()
    const box = await this.surface(id).boundingBox()
    if (box === null) throw new Error(`chart ${id} has no surface`)
    const y = box.y + box.height * 0.5
    const left = box.x + 60 // past the y axis
    const width = box.width - 80
    // Hover first, so the chart knows the bucket under the pointer when it is pressed.
    await this.page.mouse.move(left + width * fromFraction - 10, y)
    await this.page.mouse.move(left + width * fromFraction, y, { steps: 4 })
    await this.page.mouse.down()
    await this.page.mouse.move(left + width * ((fromFraction + toFraction) / 2), y, { steps: 5 })
    await this.page.mouse.move(left + width * toFraction, y, { steps: 5 })
    await this.page.mouse.up()
  }
}

/** A screenshot of the whole panel: the view scrolls inside the frame, so the window grows. */
async function shoot(page: Page, name: string): Promise<void> {
  await page.setViewportSize({ width: 1440, height: 2600 })
  await page.screenshot({ path: screenshotPath(name) })
  await page.setViewportSize({ width: 1440, height: 1000 })
}

test('charts of the demo organization: drawn, brushed, zoomed by keyboard, and opened in the log', async ({
  page,
  browserMode,
}) => {
  test.setTimeout(180_000)
  await page.setViewportSize({ width: 1440, height: 1000 })
  await page.goto(browserMode.url)
  const frame = new AppFrame(page)
  await frame.open('connections')
  await page.getByTestId('start-demo').click()
  await expect(frame.view('audit-log')).toBeVisible({ timeout: 60_000 })
  await frame.open('connections')
  await expect(page.getByTestId('sync-outcome')).toContainText('complete', { timeout: 90_000 })

  // Monitoring opens on its Charts tab, every chart drawn from the synced cache.
  await frame.open('monitoring')
  await expect(page).toHaveURL(/#\/monitoring/)
  const charts = new ChartsPanel(page)
  await expect(charts.panel).toBeVisible()
  await charts.waitForCharts()
  for (const id of [
    'sign-ins',
    'failed-hours',
    'countries',
    'key-requests',
    'latency',
    'endpoints',
  ])
    await expect(charts.chart(id)).toHaveAttribute('data-state', 'ready')
  await expect(charts.chart('sign-ins').locator('.recharts-bar-rectangle').first()).toBeVisible()
  await expect(charts.chart('failed-hours').getByTestId('heatmap')).toBeVisible()
  await expect(charts.chart('endpoints')).toContainText('/v1/documents/generate')
  await expect(charts.chart('countries').locator('figure')).toHaveAttribute(
    'aria-label',
    /Sign-ins from/,
  )
  // The detections' usage findings are marked on the requests-per-key chart and listed below it.
  await expect(charts.chart('key-requests').getByTestId('chart-spikes')).toContainText('Evidence')
  await expect(
    charts.chart('key-requests').locator('.recharts-reference-line').first(),
  ).toBeAttached()
  await shoot(page, 'charts-1-demo')
  for (const id of ['sign-ins', 'key-requests', 'latency'])
    await charts.chart(id).screenshot({ path: screenshotPath(`charts-1-${id}`) })

  // Brushing the sign-ins chart narrows the query to the brushed buckets, in the location.
  await charts.brush('sign-ins', 0.55, 0.8)
  await expect(page).toHaveURL(/#\/monitoring\/charts\?q=from%3A.*to%3A/)
  await expect(charts.queryInput).toHaveValue(/^from:\S+ to:\S+$/)
  const brushed = await charts.queryInput.inputValue()
  await charts.waitForCharts()
  await shoot(page, 'charts-2-brushed')

  // The keyboard's equivalent: the values table's zoom form, on the error rate chart.
  await charts.chart('error-rate').getByTestId('chart-values-error-rate').focus()
  await page.keyboard.press('Enter')
  const from = charts.chart('error-rate').getByTestId('zoom-from-health')
  await expect(from).toBeVisible()
  await from.focus()
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('ArrowDown')
  await charts.chart('error-rate').getByTestId('zoom-apply-health').focus()
  await page.keyboard.press('Enter')
  await expect(charts.queryInput).not.toHaveValue(brushed)
  await expect(charts.queryInput).toHaveValue(/^from:\S+ to:\S+$/)
  await charts.waitForCharts()

  // Back returns to the brushed range, then to the whole cache.
  await page.goBack()
  await expect(charts.queryInput).toHaveValue(brushed)
  await page.goBack()
  await expect(charts.queryInput).toHaveValue('')
  await charts.waitForCharts()

  // A filter from the query bar applies to the charts; terms of the other log are named.
  await charts.queryInput.fill('status:failure endpoint:/v1/templates')
  await page.getByTestId('query-apply').click()
  await expect(page).toHaveURL(/#\/monitoring\/charts\?q=status%3Afailure/)
  await charts.waitForCharts()
  await expect(charts.panel).toContainText('Not applied here')
  await shoot(page, 'charts-3-filtered')
  await charts.queryInput.fill('')
  await page.getByTestId('query-apply').click()
  await charts.waitForCharts()

  // Dark colours.
  await page.emulateMedia({ colorScheme: 'dark' })
  await shoot(page, 'charts-4-dark')
  await charts.chart('failed-hours').screenshot({ path: screenshotPath('charts-4-dark-heatmap') })
  await page.emulateMedia({ colorScheme: 'light' })

  // Clicking an endpoint's bar opens its requests in the API request log.
  const endpointBar = charts.chart('endpoints').locator('.recharts-bar-rectangle').first()
  await endpointBar.scrollIntoViewIfNeeded()
  await endpointBar.click()
  await expect(frame.view('api-requests')).toBeVisible()
  await expect(page).toHaveURL(/#\/api-requests\?q=endpoint%3A/)
  const log = new LogExplorer(page)
  await expect(log.queryInput).toHaveValue(/^endpoint:\/v1\//)
  await expect(log.rows.first()).toBeVisible()
  await page.screenshot({ path: screenshotPath('charts-5-endpoint-requests') })

  // Clicking a sign-ins bar opens that bucket's sign-ins in the audit log.
  await page.goBack()
  await charts.waitForCharts()
  const signInBar = charts.chart('sign-ins').locator('.recharts-bar-rectangle').last()
  await signInBar.scrollIntoViewIfNeeded()
  await signInBar.click()
  await expect(frame.view('audit-log')).toBeVisible()
  await expect(log.queryInput).toHaveValue(/^action:user\.signed_in from:\S+ to:\S+$/)
  await expect(log.rows.first()).toContainText('user.signed_in')
  await page.screenshot({ path: screenshotPath('charts-6-sign-in-events') })
})
