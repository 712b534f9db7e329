// The conformance report: one entry per check, each passed, failed or skipped with a reason.

/** How one check ended. */
export type CheckOutcome = 'pass' | 'fail' | 'skipped'

/** One check of the contract: what it proves, how it ended, and why. */
export type CheckResult = { name: string; outcome: CheckOutcome; detail: string }

/** Every check of one run, in the order they ran, with totals. */
export type ConformanceReport = {
  checks: CheckResult[]
  passed: number
  failed: number
  skipped: number
}

/** Collects the problems one check finds, keeping the first few verbatim and counting the rest. */
export class Findings {
  private readonly shown: string[] = []
  private total = 0

  constructor(private readonly keep = 5) {}

  /** Records one problem. */
  add(problem: string): void {
    this.total += 1
    if (this.shown.length < this.keep) this.shown.push(problem)
  }

  /** Records every problem of another collection. */
  addAll(problems: Iterable<string>): void {
    for (const problem of problems) this.add(problem)
  }

  /** True when nothing was recorded. */
  get isEmpty(): boolean {
    return this.total === 0
  }

  /** The problems as one line: the first few, then how many more. */
  summary(): string {
    const more = this.total - this.shown.length
    return this.shown.join('; ') + (more > 0 ? `; and ${more} more` : '')
  }

  /** A result that passes with `passDetail` when nothing was recorded, else fails with the problems. */
  toResult(name: string, passDetail: string): CheckResult {
    return this.isEmpty
      ? { name, outcome: 'pass', detail: passDetail }
      : { name, outcome: 'fail', detail: this.summary() }
  }
}

/** A passing check. */
export const pass = (name: string, detail: string): CheckResult => ({
  name,
  outcome: 'pass',
  detail,
})

/** A failing check. */
export const fail = (name: string, detail: string): CheckResult => ({
  name,
  outcome: 'fail',
  detail,
})

/** A check that could not run, with the reason. */
export const skip = (name: string, detail: string): CheckResult => ({
  name,
  outcome: 'skipped',
  detail,
})

/** Totals a list of checks into a report. */
export function toReport(checks: CheckResult[]): ConformanceReport {
  const count = (outcome: CheckOutcome) =>
    checks.filter((check) => check.outcome === outcome).length
  return { checks, passed: count('pass'), failed: count('fail'), skipped: count('skipped') }
}
