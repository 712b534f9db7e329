import fs from 'node:fs'
import { chromium } from '@playwright/test'

/** Fails early, naming what to install, when no Chromium can be found. */
export default function globalSetup(): void {
  const configured = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE
  if (configured !== undefined && configured !== '') return
  if (fs.existsSync('/usr/bin/chromium')) return
  if (fs.existsSync(chromium.executablePath())) return
  throw new Error(
    'No Chromium for the e2e tests. Install one: `apt-get install -y chromium` (Debian/Ubuntu), ' +
      'or set PLAYWRIGHT_CHROMIUM_EXECUTABLE to a Chromium or Chrome binary, ' +
      'or run `npx playwright install chromium` where downloads are allowed.',
  )
}
