import type { Download, Locator, Page } from '@playwright/test'
import { AppFrame } from './app-frame.page'

/** Page object for the export dialog of a log view. */
export class ExportDialogPage {
  constructor(readonly page: Page) {}

  get dialog(): Locator {
    return this.page.getByTestId('export-dialog')
  }

  get count(): Locator {
    return this.dialog.getByTestId('export-count')
  }

  get result(): Locator {
    return this.dialog.getByTestId('export-result')
  }

  get job(): Locator {
    return this.dialog.getByTestId('export-job')
  }

  async open(): Promise<void> {
    await this.page.getByTestId('export-open').click()
    await this.dialog.waitFor()
  }

  async chooseFormat(format: 'csv' | 'xlsx' | 'jsonl'): Promise<void> {
    await this.dialog.getByTestId(`export-format-${format}`).check()
  }

  async start(): Promise<void> {
    await this.dialog.getByTestId('export-start').click()
  }

  /** Clicks the result's download link and waits for the browser to save the file. */
  async download(): Promise<Download> {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.result.getByTestId('export-download').click(),
    ])
    return download
  }
}

/** Page object for the Exports view: pack form, jobs, activity log, signing key. */
export class ExportsPage {
  constructor(readonly page: Page) {}

  get form(): Locator {
    return this.page.getByTestId('pack-form')
  }

  get jobs(): Locator {
    return this.page.getByTestId('export-jobs').getByTestId('export-job')
  }

  get activity(): Locator {
    return this.page.getByTestId('activity-entry')
  }

  get chain(): Locator {
    return this.page.getByTestId('activity-chain')
  }

  async open(): Promise<void> {
    await new AppFrame(this.page).open('exports')
    await this.page.getByTestId('exports').waitFor()
  }

  /** Downloads the finished job's file. */
  async download(job: Locator): Promise<Download> {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      job.getByTestId('export-download').click(),
    ])
    return download
  }
}
