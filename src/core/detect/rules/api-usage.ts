// API key usage: an hour with far more requests than the key's usual volume at that hour of day,
// and requests from addresses the key never used. A leaked key shows both. Both read the hourly
// summary (key_usage_hours), never the request log itself, except for one key's evidence.
import type { Thresholds } from '../../../shared/detection-thresholds'
import { dayMs, hourMs, median } from '../baseline'
import { countryName } from '../country-centres'
import { figure, listText, plural, utc } from '../explain'
import type { KeyAddress, KeyHour } from '../reads/usage-reads'
import {
  evidenceReadLimit,
  type DetectionRule,
  type FindingDraft,
  type RuleContext,
} from '../rule-types'

type Spike = { keyId: string; hour: number; requests: number; median: number; threshold: number }

/** Hourly requests of a key against the median of the same hour of day over the days before. */
export const apiUsageSpikeRule: DetectionRule = {
  id: 'api-usage-spike',
  version: 1,
  title: 'API usage spike',
  summary:
    'An hour in which an API key made far more requests than it usually does at that hour of day (median over the days before): a leaked key, or a runaway script.',
  stream: 'request-logs',
  detect(context, thresholds) {
    const days = thresholds.baselineDays ?? 14
    const fromHour = Math.floor(context.from / hourMs)
    const rows = context.reads.usage.hourlyRequests(fromHour - days * 24)
    const firstSeen = context.reads.usage.keysFirstSeen()
    return spikes(rows, fromHour, firstSeen, thresholds).map((spike) =>
      describeSpike(context, spike, thresholds),
    )
  },
}

/**
 * Hours at or after `fromHour` at or above their threshold, for keys in use for the learning
 * days; the baseline holds only days on which the key was already in use.
 */
function spikes(
  rows: readonly KeyHour[],
  fromHour: number,
  firstSeen: ReadonlyMap<string, number>,
  thresholds: Thresholds,
): Spike[] {
  const byKey = new Map<string, Map<number, number>>()
  for (const row of rows) {
    const hours = byKey.get(row.keyId) ?? new Map<number, number>()
    hours.set(row.hour, row.requests)
    byKey.set(row.keyId, hours)
  }
  const minimum = thresholds.minimum ?? 50
  const days = thresholds.baselineDays ?? 14
  const found: Spike[] = []
  const learningHours = (thresholds.learningDays ?? 7) * 24
  for (const [keyId, hours] of byKey) {
    const firstHour = Math.floor((firstSeen.get(keyId) ?? Infinity) / hourMs)
    for (const [hour, requests] of hours) {
      if (hour < fromHour || requests < minimum || hour - firstHour < learningHours) continue
      const sameHour: number[] = []
      for (let day = 1; day <= days && hour - 24 * day >= firstHour; day++)
        sameHour.push(hours.get(hour - 24 * day) ?? 0)
      const usual = median(sameHour)
      const threshold = Math.max(minimum, (thresholds.multiplier ?? 5) * usual)
      if (requests >= threshold) found.push({ keyId, hour, requests, median: usual, threshold })
    }
  }
  return found.sort((a, b) => a.keyId.localeCompare(b.keyId) || a.hour - b.hour)
}

function describeSpike(context: RuleContext, spike: Spike, thresholds: Thresholds): FindingDraft {
  const usage = context.reads.usage
  const start = spike.hour * hourMs
  const requests = usage.requests(spike.keyId, start, start + hourMs, evidenceReadLimit)
  const span = usage.requestSpan(spike.keyId, start, start + hourMs)
  const addresses = usage.hourAddresses(spike.keyId, spike.hour)
  const known = new Set(usage.addressesBefore(spike.keyId, spike.hour).map((row) => row.ip))
  const unseen = addresses.filter((row) => row.ip !== '' && !known.has(row.ip))
  const label = usage.keyLabel(spike.keyId)
  const ratio = spike.median === 0 ? null : spike.requests / spike.median
  const from = addresses
    .filter((row) => row.ip !== '')
    .map((row) => `${row.ip} ${figure(row.requests)}${known.has(row.ip) ? '' : ' (new)'}`)
  const explanation =
    `The API key ${label ?? spike.keyId} made ${plural(spike.requests, 'request')} in the hour from ${utc(start)}, ` +
    `${ratio === null ? 'while it usually makes none at that hour' : `${figure(Math.round(ratio * 10) / 10)} × its median of ${figure(spike.median)}`} ` +
    `(same hour of day over the previous ${plural(thresholds.baselineDays ?? 14, 'day')}). ` +
    `Threshold ${figure(spike.threshold)}: the larger of the minimum ${figure(thresholds.minimum ?? 50)} and ${figure(thresholds.multiplier ?? 5)} × the median. ` +
    `From ${listText(from)}.`
  const first = span.first ?? start
  return {
    ruleId: 'api-usage-spike',
    ruleVersion: 1,
    severity:
      (ratio === null || ratio >= 10) && spike.requests >= 2 * spike.threshold ? 'high' : 'medium',
    key: spike.keyId,
    window: { start: first, end: span.last ?? first },
    anchor: start,
    actors: [],
    ipAddresses: addresses.map((row) => row.ip).filter((ip) => ip !== ''),
    apiKeys: [{ id: spike.keyId, label }],
    explanation,
    measurements: {
      requests: spike.requests,
      baselineMedian: spike.median,
      threshold: spike.threshold,
      newAddresses: unseen.length,
      hourStart: start,
    },
    thresholds,
    evidence: { auditEvents: [], requestLogs: requests.map((each) => each.id) },
  }
}

/** Requests from addresses a key never used before, once the key has a history. */
export const apiKeyNewIpRule: DetectionRule = {
  id: 'api-key-new-ip',
  version: 1,
  title: 'API key used from a new address',
  summary:
    'Requests with an API key from an IP address it never used before, after the key has been in use for a while: integrations call from a few fixed places, so a new one may be someone else holding the key.',
  stream: 'request-logs',
  detect(context, thresholds) {
    const usage = context.reads.usage
    const firstSeen = usage.keysFirstSeen()
    const learningMs = (thresholds.learningDays ?? 7) * dayMs
    const groups = new Map<string, KeyAddress[]>()
    for (const pair of usage.newAddresses(Math.floor(context.from / hourMs))) {
      if (pair.firstHour * hourMs - (firstSeen.get(pair.keyId) ?? Infinity) < learningMs) continue
      const name = `${pair.keyId}\u0000${String(pair.firstHour)}`
      groups.set(name, [...(groups.get(name) ?? []), pair])
    }
    return [...groups.values()].flatMap((pairs) => {
      const first = pairs[0]
      return first === undefined ? [] : [describeNewIp(context, first, pairs, thresholds)]
    })
  },
}

function describeNewIp(
  context: RuleContext,
  first: KeyAddress,
  pairs: readonly KeyAddress[],
  thresholds: Thresholds,
): FindingDraft {
  const usage = context.reads.usage
  const start = first.firstHour * hourMs
  const ips = pairs.map((pair) => pair.ip)
  const requests = usage.requestsFrom(first.keyId, ips, start, start + hourMs, evidenceReadLimit)
  const span = usage.requestSpanFrom(first.keyId, ips, start, start + hourMs)
  const before = usage.addressesBefore(first.keyId, first.firstHour)
  const countryOf = (ip: string) => context.reads.signIns.countryOf(ip)
  const knownCountries = new Set(
    before.map((row) => countryOf(row.ip)).filter((code) => code !== null),
  )
  const placed = ips.map((ip) => ({ ip, country: countryOf(ip) }))
  const isElsewhere = placed.some(
    (each) => each.country !== null && !knownCountries.has(each.country),
  )
  const label = usage.keyLabel(first.keyId)
  const explanation =
    `The API key ${label ?? first.keyId} was used from ${plural(ips.length, 'address', 'addresses')} it never used before, from ${utc(first.firstAt)}: ` +
    `${listText(placed.map((each) => (each.country === null ? each.ip : `${each.ip} in ${countryName(each.country)}`)))}; ` +
    `${plural(span.count, 'request')} from them in that hour. ` +
    `Until then it was used from ${plural(before.length, 'address', 'addresses')}${knownCountries.size === 0 ? '' : ` in ${listText([...knownCountries].sort())}`}. ` +
    `Keys are watched once in use for ${plural(thresholds.learningDays ?? 7, 'day')}.`
  return {
    ruleId: 'api-key-new-ip',
    ruleVersion: 1,
    severity: isElsewhere ? 'high' : 'medium',
    key: first.keyId,
    window: { start: span.first ?? first.firstAt, end: span.last ?? first.firstAt },
    anchor: start,
    actors: [],
    ipAddresses: ips,
    apiKeys: [{ id: first.keyId, label }],
    explanation,
    measurements: {
      newAddresses: ips.length,
      requests: span.count,
      knownAddresses: before.length,
    },
    thresholds,
    evidence: { auditEvents: [], requestLogs: requests.map((each) => each.id) },
  }
}
