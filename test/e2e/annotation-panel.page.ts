import type { Locator, Page } from '@playwright/test'

/** Page object for the review notes under an open event: star, tags, comments, labels. */
export class AnnotationPanel {
  constructor(readonly page: Page) {}

  get panel(): Locator {
    return this.page.getByTestId('annotation-panel')
  }

  get star(): Locator {
    return this.page.getByTestId('star-toggle')
  }

  get tags(): Locator {
    return this.page.getByTestId('tag-chip')
  }

  get comments(): Locator {
    return this.page.getByTestId('comment-item')
  }

  get labels(): Locator {
    return this.page.getByTestId('label-chip')
  }

  async addTag(tag: string): Promise<void> {
    await this.page.getByTestId('tag-input').fill(tag)
    await this.page.getByTestId('tag-input').press('Enter')
  }

  async addComment(text: string): Promise<void> {
    await this.page.getByTestId('comment-input').fill(text)
    await this.page.getByTestId('comment-add').click()
  }

  async addLabel(label: string): Promise<void> {
    await this.page.getByTestId('label-input').fill(label)
    await this.page.getByTestId('label-add').click()
  }

  /** Tags every event the current filter matches, from the toolbar. */
  async bulkTag(tag: string): Promise<void> {
    await this.page.getByTestId('bulk-tag').click()
    await this.page.getByTestId('bulk-tag-input').fill(tag)
    await this.page.getByTestId('bulk-tag-apply').click()
  }
}
