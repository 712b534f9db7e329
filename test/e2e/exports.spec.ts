// Exports and audit packs (issue 7): the demo organization synced in browser mode, the audit log
// filtered and exported as CSV from the Export… dialog (the file holds exactly the count shown,
// every row matching the filter, its SHA-256 the one shown); then an audit pack built from the
// Exports view, downloaded, passed by `audit-desk verify-pack`, and failed once one row of one of
// its files is changed.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import { AppFrame } from './app-frame.page'
import { expect, screenshotPath, test } from './browser-mode'
import { ExportDialogPage, ExportsPage } from './exports.page'
import { LogExplorer } from './log-explorer.page'
import { readZip, writeZip } from './pack-zip'

const root = path.resolve(import.meta.dirname, '..', '..')

/** Runs the built CLI's verify-pack on `file`. */
function verifyPack(file: string): { status: number | null; output: string } {
  const run = spawnSync(
    process.execPath,
    [path.join(root, 'bin', 'audit-desk.js'), 'verify-pack', file],
    {
      encoding: 'utf8',
      timeout: 60_000,
    },
  )
  return { status: run.status, output: `${run.stdout}\n${run.stderr}` }
}

const sha256 = (content: Buffer): string => createHash('sha256').update(content).digest('hex')

test('export the filtered audit log as CSV, build an audit pack, verify it and a tampered copy', async ({
  page,
  browserMode,
}, testInfo) => {
  test.setTimeout(240_000)
  await page.setViewportSize({ width: 1440, height: 1000 })
  await page.goto(browserMode.url)
  const frame = new AppFrame(page)
  await frame.open('connections')
  await page.getByTestId('start-demo').click()
  await expect(frame.view('audit-log')).toBeVisible({ timeout: 90_000 })
  await frame.open('connections')
  await expect(page.getByTestId('sync-outcome')).toContainText('Last sync complete', {
    timeout: 120_000,
  })

  // The audit log filtered to failed sign-ins: the count the table shows is what the dialog says.
  await frame.open('audit-log')
  const log = new LogExplorer(page)
  await log.filter('action:user.signed_in status:failure')
  const summary = page.getByTestId('event-table-summary')
  await expect(summary).toHaveText(/^[\d,]+ events?$/)
  const shown = Number((await summary.innerText()).replace(/\D/g, ''))
  expect(shown).toBeGreaterThan(0)

  const dialog = new ExportDialogPage(page)
  await dialog.open()
  await expect(dialog.count).toHaveText(`${shown.toLocaleString('en-US')} events will be exported`)
  await expect(dialog.dialog.getByTestId('export-filter')).toContainText('user.signed_in')
  await page.screenshot({ path: screenshotPath('exports-1-dialog') })
  await dialog.chooseFormat('jsonl')
  await expect(dialog.dialog.getByTestId('export-jsonl-explain')).toContainText('exactly as')
  await dialog.chooseFormat('csv')
  await dialog.dialog.getByTestId('export-bom').check()
  await dialog.start()
  await page.screenshot({ path: screenshotPath('exports-2-progress') })
  await expect(dialog.result).toBeVisible({ timeout: 60_000 })
  await expect(dialog.result.getByTestId('export-rows')).toHaveText(shown.toLocaleString('en-US'))
  await page.screenshot({ path: screenshotPath('exports-3-result') })

  const csvDownload = await dialog.download()
  const csvFile = testInfo.outputPath(csvDownload.suggestedFilename())
  await csvDownload.saveAs(csvFile)
  const csvBytes = fs.readFileSync(csvFile)
  await expect(dialog.result.getByTestId('export-file-sha256').first()).toHaveText(sha256(csvBytes))
  expect(csvBytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
  const rows: Record<string, string>[] = parse(csvBytes, { columns: true, bom: true })
  expect(rows).toHaveLength(shown)
  for (const row of rows) {
    expect(row.action).toBe('user.signed_in')
    expect(row.status).toBe('failure')
    expect(row.occurred_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
  }
  expect(new Set(rows.map((row) => row.id)).size).toBe(shown)
  await dialog.dialog.getByTestId('export-close').click()
  await expect(dialog.dialog).toHaveCount(0)

  // An audit pack of the default period (the last 30 days), both logs, no redaction.
  const exportsPage = new ExportsPage(page)
  await exportsPage.open()
  await expect(exportsPage.activity).toHaveCount(1)
  await expect(exportsPage.chain).toHaveText(/^Hash chain intact/)
  await expect(page.getByTestId('signing-fingerprint')).toHaveText(/^[0-9a-f]{64}$/)
  await page.screenshot({ path: screenshotPath('exports-4-view') })
  await exportsPage.form.getByTestId('pack-start').click()
  const pack = exportsPage.jobs.first()
  await expect(pack).not.toHaveAttribute('data-state', 'running', { timeout: 120_000 })
  expect(await pack.getAttribute('data-state'), await pack.innerText()).toBe('succeeded')
  await expect(exportsPage.activity).toHaveCount(2)
  await pack.scrollIntoViewIfNeeded()
  await page.screenshot({ path: screenshotPath('exports-5-pack') })
  await page.getByTestId('activity-log').scrollIntoViewIfNeeded()
  await page.screenshot({ path: screenshotPath('exports-6-activity') })
  const packDownload = await exportsPage.download(pack)
  const packFile = testInfo.outputPath(packDownload.suggestedFilename())
  await packDownload.saveAs(packFile)
  expect(packFile).toMatch(/\.zip$/)

  const verified = verifyPack(packFile)
  expect(verified.output).not.toBe('')
  expect(verified.status, verified.output).toBe(0)

  // One row of one data file changed: verify-pack fails and names that file.
  const entries = await readZip(packFile)
  const target = entries.find((entry) => entry.name.endsWith('.csv'))
  expect(target, entries.map((entry) => entry.name).join(', ')).toBeDefined()
  if (target === undefined) return
  const lines = target.content.toString('utf8').split('\n')
  expect(lines.length).toBeGreaterThan(2)
  lines[1] = (lines[1] ?? '').replace(/\d/, (digit) => String((Number(digit) + 1) % 10))
  const tampered = testInfo.outputPath('tampered.zip')
  await writeZip(
    tampered,
    entries.map((entry) =>
      entry === target ? { name: entry.name, content: Buffer.from(lines.join('\n')) } : entry,
    ),
  )
  const refused = verifyPack(tampered)
  expect(refused.status, refused.output).not.toBe(0)
  expect(refused.output).toContain(`FAILED sha256 ${target.name}`)

  // One figure of the manifest changed: the signature no longer holds and verify-pack says so.
  const manifest = entries.find((entry) => entry.name === 'manifest.json')
  expect(manifest).toBeDefined()
  if (manifest === undefined) return
  const edited = manifest.content
    .toString('utf8')
    .replace(/"rows": ?(\d+)/, (_all, rows: string) => `"rows": ${String(Number(rows) + 1)}`)
  expect(edited).not.toBe(manifest.content.toString('utf8'))
  const forged = testInfo.outputPath('forged-manifest.zip')
  await writeZip(
    forged,
    entries.map((entry) =>
      entry === manifest ? { name: entry.name, content: Buffer.from(edited) } : entry,
    ),
  )
  const unsigned = verifyPack(forged)
  expect(unsigned.status, unsigned.output).not.toBe(0)
  expect(unsigned.output).toMatch(/FAILED .*signature/i)
})
