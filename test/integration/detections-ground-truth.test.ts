// The detections measured against the demo organization's ground truth (issue 6, item 6): the
// default organization (50,000 audit events, 500,000 request log entries over 90 days, seven
// injected incidents) synced into a cache, then every detection run on it. Every incident must
// be found by the rule meant for it, for the reason it was injected; findings whose evidence
// holds no incident event are false findings, counted per rule and kept under a low bound.
// The table this prints is the one in docs/detections.md.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFindingStore } from '../../src/core/detect/finding-store'
import { toFinding } from '../../src/core/detect/finding-view'
import { runDetections } from '../../src/core/detect/run-detections'
import {
  startDemoServer,
  type DemoServer,
  type GroundTruthIncident,
} from '../../src/demo-org/index'
import { detectionRuleIds, type Finding } from '../../src/shared/findings-schemas'
import { openCache, syncWith } from '../helpers/sync-harness'
import { makeTempDir } from '../helpers/temp-dir'

/** The end of the demo's history: fixed, so weekdays and the injected instants never move. */
const historyEnd = Date.UTC(2026, 10, 26, 12)

/**
 * At most this many false findings per rule over the 90 days. The demo's normal activity never
 * resembles an incident (src/demo-org/user-activity.ts), but three members manage API keys: the
 * first key each creates in the cache after two weeks of their activity is, by the rule's
 * definition, a first key (reported at low severity). Two such in 90 days is the expected noise;
 * every other rule must stay at zero, which a bound of 2 per rule and 2 in all enforces.
 */
const maxFalsePerRule = 2
const maxFalseInAll = 2

type Found = Finding & { evidenceIds: Set<string> }

/** Why a finding is the right one for an incident, beyond sharing evidence with it. */
const expected: Record<
  GroundTruthIncident['scenario'],
  { rules: string[]; isRight: (finding: Found, incident: GroundTruthIncident) => boolean }
> = {
  'brute-force': {
    rules: ['failed-login-spike-user'],
    isRight: (finding, incident) =>
      finding.actors[0]?.id === incident.actors[0]?.id &&
      Number(finding.measurements.failures) >= 30,
  },
  'password-spraying': {
    rules: ['password-spraying'],
    isRight: (finding, incident) =>
      finding.ipAddresses[0] === incident.ipAddresses[0] &&
      Number(finding.measurements.accounts) === incident.actors.length,
  },
  'new-country-sign-in': {
    rules: ['new-country-sign-in'],
    isRight: (finding, incident) => finding.measurements.country === incident.details.country,
  },
  'night-api-key-creation': {
    rules: ['unexpected-api-key-creation'],
    // At night for the member, and their first key: both signals, so high.
    isRight: (finding) =>
      finding.measurements.utcHour !== undefined &&
      finding.measurements.isFirstKey === 1 &&
      finding.severity === 'high',
  },
  'bulk-template-deletion': {
    rules: ['bulk-template-deletion'],
    isRight: (finding, incident) =>
      Number(finding.measurements.deletions) === incident.auditEventIds.length,
  },
  'leaked-api-key': {
    rules: ['api-usage-spike', 'api-key-new-ip'],
    isRight: (finding, incident) =>
      finding.apiKeys[0]?.id === incident.apiKeys[0]?.id &&
      incident.ipAddresses.every((ip) => finding.ipAddresses.includes(ip)),
  },
  'role-escalation': {
    rules: ['privilege-escalation'],
    isRight: (finding, incident) =>
      finding.measurements.toRole === 'owner' &&
      Number(finding.measurements.privilegedActions) === incident.auditEventIds.length - 1,
  },
}

describe('detections against the demo organization’s ground truth', () => {
  let server: DemoServer
  let temp: ReturnType<typeof makeTempDir>
  let findings: Found[]
  beforeAll(async () => {
    server = await startDemoServer({ now: () => historyEnd })
    temp = makeTempDir()
    const opened = openCache(path.join(temp.dir, 'cache'))
    const synced = await syncWith(opened, { baseUrl: server.url, apiKey: server.keys.full })
    if (!synced.ok) throw new Error(synced.error.message)
    runDetections(opened.db, synced.connection.id, historyEnd)
    const store = createFindingStore(opened.db)
    findings = store
      .list({ connectionId: synced.connection.id, limit: 10_000 })
      .rows.reverse()
      .flatMap((row) => {
        const finding = toFinding(row, null)
        if (finding === null) return []
        const evidence = store.evidence(row.id)
        return [
          {
            ...finding,
            evidenceIds: new Set([...evidence.auditEvents, ...evidence.requestLogs]),
          },
        ]
      })
    opened.close()
  }, 300_000)
  afterAll(async () => {
    await server.close()
    temp.remove()
  })

  const incidentsOf = (finding: Found) =>
    server.groundTruth.incidents.filter((incident) =>
      [...incident.auditEventIds, ...incident.requestLogIds].some((id) =>
        finding.evidenceIds.has(id),
      ),
    )

  it('finds every injected incident with the rule meant for it, for the right reason', () => {
    expect(server.groundTruth.incidents.map((incident) => incident.scenario).sort()).toEqual(
      Object.keys(expected).sort(),
    )
    for (const incident of server.groundTruth.incidents) {
      const { rules, isRight } = expected[incident.scenario]
      for (const rule of rules) {
        const right = findings.filter(
          (finding) =>
            finding.ruleId === rule &&
            incidentsOf(finding).includes(incident) &&
            isRight(finding, incident),
        )
        expect(right.length, `${incident.scenario} found by ${rule}`).toBeGreaterThan(0)
      }
    }
  })

  it('keeps the false findings over 90 days of normal activity low, and records the table', () => {
    const falseByRule = new Map<string, Found[]>()
    for (const finding of findings)
      if (incidentsOf(finding).length === 0)
        falseByRule.set(finding.ruleId, [...(falseByRule.get(finding.ruleId) ?? []), finding])
    const table = render(server.groundTruth.incidents, findings, falseByRule, incidentsOf)
    console.log(table)
    fs.mkdirSync(path.resolve('test-results'), { recursive: true })
    fs.writeFileSync(path.resolve('test-results', 'detections-ground-truth.md'), table)
    for (const rule of detectionRuleIds)
      expect(falseByRule.get(rule)?.length ?? 0, `false findings of ${rule}`).toBeLessThanOrEqual(
        maxFalsePerRule,
      )
    expect([...falseByRule.values()].flat().length).toBeLessThanOrEqual(maxFalseInAll)
  })
})

function render(
  incidents: readonly GroundTruthIncident[],
  findings: readonly Found[],
  falseByRule: ReadonlyMap<string, readonly Found[]>,
  incidentsOf: (finding: Found) => GroundTruthIncident[],
): string {
  const found = incidents.map((incident) => {
    const rules = [
      ...new Set(
        findings
          .filter((finding) => incidentsOf(finding).includes(incident))
          .map((finding) => finding.ruleId),
      ),
    ]
    return `| ${incident.scenario} | ${incident.window.start.slice(0, 16)}Z | ${rules.join(', ')} |`
  })
  const perRule = detectionRuleIds.map((rule) => {
    const all = findings.filter((finding) => finding.ruleId === rule)
    const wrong = falseByRule.get(rule) ?? []
    return `| ${rule} | ${String(all.length)} | ${String(all.length - wrong.length)} | ${String(wrong.length)} |`
  })
  return [
    '| incident | injected at (UTC) | found by |',
    '| --- | --- | --- |',
    ...found,
    '',
    '| rule | findings | on an incident | false |',
    '| --- | --- | --- | --- |',
    ...perRule,
    '',
    ...[...falseByRule.values()]
      .flat()
      .map((finding) => `- false: ${finding.ruleId} (${finding.severity}): ${finding.explanation}`),
    '',
  ].join('\n')
}
