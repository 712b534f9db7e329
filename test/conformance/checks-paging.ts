// Paging checks: every limit delivers every event exactly once, seq is contiguous from the
// oldest available event, recorded_at never decreases, next_cursor is always there and short.
import { Findings, skip, type CheckResult } from './report'
import type { ScanResult, StreamEvent } from './scan'

/** Compares one pass with the reference pass over the same seq range, event by event. */
function compareWithReference(scan: ScanResult, reference: ScanResult, findings: Findings): void {
  const first = scan.events[0]
  const referenceFirst = reference.events[0]
  const referenceLast = reference.events.at(-1)
  if (first === undefined || referenceFirst === undefined || referenceLast === undefined) {
    if (first !== referenceFirst) {
      findings.add(`one of limit=${scan.limit} and limit=${reference.limit} saw no events`)
    }
    return
  }
  const retentionMoved =
    first.seq > referenceFirst.seq &&
    Date.parse(scan.oldestAvailableAt ?? '') > referenceFirst.recordedAt
  if (first.seq !== referenceFirst.seq && !retentionMoved) {
    findings.add(
      `started at seq ${first.seq}, limit=${reference.limit} at seq ${referenceFirst.seq}`,
    )
  }
  const upper = scan.isCaughtUp
    ? referenceLast.seq
    : Math.min(scan.events.at(-1)?.seq ?? 0, referenceLast.seq)
  const received = new Map<number, StreamEvent>()
  for (const event of scan.events) if (event.seq <= upper) received.set(event.seq, event)
  for (const expected of reference.events) {
    if (expected.seq < first.seq || expected.seq > upper) continue
    const got = received.get(expected.seq)
    if (got === undefined) findings.add(`seq ${expected.seq} (id ${expected.id}) never came`)
    else if (got.id !== expected.id || got.canonical !== expected.canonical) {
      findings.add(`seq ${expected.seq} differs from the limit=${reference.limit} pass`)
    }
    received.delete(expected.seq)
  }
  for (const extra of received.values()) {
    findings.add(`seq ${extra.seq} (id ${extra.id}) is not in the limit=${reference.limit} pass`)
  }
}

/** The coverage check of one pass: exactly the reference's events, each once, as delivered. */
export function coverageCheck(
  stream: string,
  scan: ScanResult,
  reference: ScanResult,
): CheckResult {
  const findings = new Findings()
  const { http, page, redelivery } = scan.problems
  findings.addAll([...http, ...page, ...redelivery])
  if (scan !== reference) compareWithReference(scan, reference, findings)
  const extent = scan.isCaughtUp ? 'caught up' : 'stopped at --max-events'
  return findings.toResult(
    `${stream}: paging with limit=${scan.limit} delivers every event exactly once`,
    `${scan.events.length} events in ${scan.pages} pages, ${extent}`,
  )
}

/** seq starts at the oldest available event and grows by exactly 1 in every pass. */
export function seqCheck(stream: string, scans: ScanResult[]): CheckResult {
  const name = `${stream}: seq starts at the oldest available event and grows by exactly 1`
  const reference = scans[0]
  const first = reference?.events[0]
  if (reference === undefined || first === undefined) return skip(name, 'the stream is empty')
  const findings = new Findings()
  if (first.seq < 1) findings.add(`the first seq is ${first.seq}`)
  if (first.recordedAt !== Date.parse(reference.oldestAvailableAt ?? '')) {
    findings.add(
      `the first event was recorded at ${new Date(first.recordedAt).toISOString()} but the page ` +
        `says oldest_available_at ${reference.oldestAvailableAt ?? '(missing)'}`,
    )
  }
  for (const scan of scans) {
    findings.addAll(scan.problems.seq.map((p) => `limit=${scan.limit}: ${p}`))
  }
  const last = reference.events.at(-1)?.seq ?? first.seq
  return findings.toResult(name, `seq ${first.seq}..${last} in every pass`)
}

/** recorded_at never decreases as seq grows, in every pass. */
export function recordedAtCheck(stream: string, scans: ScanResult[]): CheckResult {
  const findings = new Findings()
  for (const scan of scans) {
    findings.addAll(scan.problems.recordedAt.map((problem) => `limit=${scan.limit}: ${problem}`))
  }
  const events = scans.reduce((total, scan) => total + scan.events.length, 0)
  return findings.toResult(
    `${stream}: recorded_at never decreases as seq grows`,
    `${events} events checked over ${scans.length} passes`,
  )
}

/** next_cursor is on every page, the last and empty ones included, and at most 512 characters. */
export function cursorCheck(stream: string, scans: ScanResult[]): CheckResult {
  const findings = new Findings()
  for (const scan of scans) findings.addAll(scan.problems.cursor)
  const pages = scans.reduce((total, scan) => total + scan.pages, 0)
  return findings.toResult(
    `${stream}: next_cursor is on every page and at most 512 characters`,
    `${pages} pages`,
  )
}
