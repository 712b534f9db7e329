import type { Locator, Page } from '@playwright/test'
import type { ViewId } from '../../src/renderer/navigation'

/** Page object for the app frame: navigation, the current view, the status bar. */
export class AppFrame {
  constructor(readonly page: Page) {}

  navLink(view: ViewId): Locator {
    return this.page.getByTestId(`nav-${view}`)
  }

  view(view: ViewId): Locator {
    return this.page.getByTestId(`view-${view}`)
  }

  get cacheStatus(): Locator {
    return this.page.getByTestId('cache-status')
  }

  get liveStatus(): Locator {
    return this.page.getByTestId('live-status')
  }

  async open(view: ViewId): Promise<void> {
    await this.navLink(view).click()
    await this.view(view).waitFor()
  }
}
