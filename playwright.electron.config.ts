import { defineConfig } from '@playwright/test'

// The opt-in Electron suite (`ELECTRON_E2E=1 npm run test:electron`): each test launches the built
// app (out/main/index.js) with the real Electron binary through Playwright's _electron.
export default defineConfig({
  testDir: 'test/electron',
  outputDir: 'test-results/electron',
  timeout: 240_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: { trace: 'retain-on-failure', screenshot: 'only-on-failure' },
})
