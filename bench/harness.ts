// The benchmark harness (`npm run bench`): each suite returns rows of figures; the harness prints
// them as one table with the machine they ran on, for BENCHMARKS.md. No thresholds live here.
import os from 'node:os'

/** One measured figure. */
export type BenchRow = { suite: string; case: string; value: number; unit: string; note?: string }

/** A benchmark suite: a name and a function that measures and returns its rows. */
export type BenchSuite = { name: string; run: (options: { quick: boolean }) => Promise<BenchRow[]> }

/** A one-line description of this machine: CPU model, cores, memory, Node version. */
export function describeMachine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU'
  const memory = `${Math.round(os.totalmem() / 2 ** 30)} GiB`
  return `${cpu.trim()}, ${os.cpus().length} cores, ${memory}, Node ${process.version}, ${os.platform()} ${os.release()}`
}

/** Formats rows as a Markdown table (pasteable into BENCHMARKS.md). */
export function formatTable(rows: readonly BenchRow[]): string {
  const header = ['suite', 'case', 'value', 'unit', 'note']
  const body = rows.map((row) => [
    row.suite,
    row.case,
    formatNumber(row.value),
    row.unit,
    row.note ?? '',
  ])
  const widths = header.map((title, column) =>
    Math.max(title.length, ...body.map((cells) => cells[column]?.length ?? 0)),
  )
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...body.map(line)].join(
    '\n',
  )
}

function formatNumber(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString('en-US')
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 })
}

/** Peak resident set size of this process so far, in MB (Linux `maxRSS` is in KiB). */
export function peakRssMegabytes(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024)
}
