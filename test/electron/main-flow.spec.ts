import fs from 'node:fs'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import { AppFrame } from '../e2e/app-frame.page'
import { ExportDialogPage } from '../e2e/exports.page'
import { LogExplorer } from '../e2e/log-explorer.page'
import { expect, test } from './electron-app'

test('start the demo organization, watch the audit log fill, export CSV through the save dialog', async ({
  launched,
}, testInfo) => {
  const { app, page } = launched
  const frame = new AppFrame(page)
  await frame.open('connections')
  await page.getByTestId('start-demo').click()
  await expect(frame.view('audit-log')).toBeVisible({ timeout: 90_000 })
  await expect(new LogExplorer(page).rows.first()).toBeVisible({ timeout: 90_000 })
  await frame.open('connections')
  await expect(page.getByTestId('sync-outcome')).toContainText('Last sync complete', {
    timeout: 180_000,
  })
  await frame.open('audit-log')
  await page.screenshot({ path: testInfo.outputPath('electron-audit-log.png') })

  // The native save dialog is the save-path port: answer it from the main process.
  const target = testInfo.outputPath('audit-log-export.csv')
  await app.evaluate(({ dialog }, filePath) => {
    dialog.showSaveDialog = () => Promise.resolve({ canceled: false, filePath })
  }, target)
  const dialog = new ExportDialogPage(page)
  await dialog.open()
  await dialog.chooseFormat('csv')
  await dialog.start()
  await expect(dialog.result).toBeVisible({ timeout: 120_000 })
  await expect(dialog.result.getByTestId('export-saved-to')).toHaveText(target)
  const exported = Number(
    (await dialog.result.getByTestId('export-rows').innerText()).replace(/\D/g, ''),
  )
  expect(exported).toBeGreaterThan(0)
  const rows: Record<string, string>[] = parse(fs.readFileSync(target), {
    columns: true,
    bom: true,
  })
  expect(rows).toHaveLength(exported)
  expect(path.basename(target)).toBe('audit-log-export.csv')
  for (const row of rows.slice(0, 50)) expect(row.id).not.toBe('')
})
