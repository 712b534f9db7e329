import type { Locator, Page } from '@playwright/test'

/** Page object for a log view: query bar, table, detail panel. */
export class LogExplorer {
  constructor(readonly page: Page) {}

  get queryInput(): Locator {
    return this.page.getByTestId('query-input')
  }

  get table(): Locator {
    return this.page.getByTestId('event-table')
  }

  get rows(): Locator {
    return this.page.getByTestId('event-row')
  }

  get detail(): Locator {
    return this.page.getByTestId('detail-panel')
  }

  get summary(): Locator {
    return this.page.getByTestId('filter-summary')
  }

  /** Types a query into the bar and applies it. */
  async filter(query: string): Promise<void> {
    await this.queryInput.fill(query)
    await this.page.getByTestId('query-apply').click()
  }
}
