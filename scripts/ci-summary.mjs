#!/usr/bin/env node
// Prints one closing line for CI, `N passed, N failed, N skipped`, from the vitest and
// Playwright JSON reports given as arguments. Exits 1 if any test failed or none ran.
import fs from 'node:fs'

let passed = 0
let failed = 0
let skipped = 0
for (const file of process.argv.slice(2)) {
  const report = JSON.parse(fs.readFileSync(file, 'utf8'))
  if (typeof report.numPassedTests === 'number') {
    passed += report.numPassedTests
    failed += report.numFailedTests
    skipped += report.numPendingTests + (report.numTodoTests ?? 0)
  } else if (report.stats !== undefined) {
    passed += report.stats.expected + report.stats.flaky
    failed += report.stats.unexpected
    skipped += report.stats.skipped
  } else {
    throw new Error(`${file} is neither a vitest nor a Playwright JSON report`)
  }
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`)
process.exitCode = failed > 0 || passed === 0 ? 1 : 0
