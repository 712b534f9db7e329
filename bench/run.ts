// Runs every benchmark suite, or those named on the command line: `npm run bench -- webhost`.
// `--quick` runs small sizes (a smoke check of the harness, not figures to record).
import { describeMachine, formatTable, type BenchRow, type BenchSuite } from './harness'
import { chartsSuite } from './charts.bench'
import { demoServeSuite } from './demo-serve.bench'
import { detectSuite } from './detect.bench'
import { exportSuite } from './export.bench'
import { mainBlockSuite } from './main-block.bench'
import { packSuite } from './pack.bench'
import { syncAuditSuite, syncRequestsSuite } from './sync.bench'
import { uiSuite } from './ui.bench'
import { webhostSuite } from './webhost.bench'

const suites: readonly BenchSuite[] = [
  webhostSuite,
  demoServeSuite,
  syncAuditSuite,
  syncRequestsSuite,
  uiSuite,
  detectSuite,
  chartsSuite,
  exportSuite,
  packSuite,
  mainBlockSuite,
]

const args = process.argv.slice(2)
const quick = args.includes('--quick')
const wanted = args.filter((arg) => !arg.startsWith('--'))
const unknown = wanted.filter((name) => !suites.some((suite) => suite.name === name))
if (unknown.length > 0) {
  console.error(
    `Unknown benchmark suite: ${unknown.join(', ')}. Known: ${suites.map((s) => s.name).join(', ')}.`,
  )
  process.exit(2)
}

console.log(`Audit Desk benchmarks, ${new Date().toISOString()}`)
console.log(
  `Machine: ${describeMachine()}${quick ? ' (quick sizes: not for BENCHMARKS.md)' : ''}\n`,
)
const rows: BenchRow[] = []
for (const suite of suites) {
  if (wanted.length > 0 && !wanted.includes(suite.name)) continue
  process.stderr.write(`running ${suite.name}…\n`)
  rows.push(...(await suite.run({ quick })))
}
console.log(formatTable(rows))
