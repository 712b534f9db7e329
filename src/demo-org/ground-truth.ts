// The ground truth: what was injected, when, by whom and which records make it up. Detections are
// measured for recall and false positives against this file.

/** The injected incident kinds. */
export type IncidentScenario =
  | 'brute-force'
  | 'password-spraying'
  | 'new-country-sign-in'
  | 'night-api-key-creation'
  | 'bulk-template-deletion'
  | 'leaked-api-key'
  | 'role-escalation'

/** Someone or something taking part in an incident. */
export type IncidentActor = {
  type: 'user' | 'api_key'
  id: string
  name: string | null
  email?: string
  role: string
}

/** One injected incident. `window` bounds the `occurred_at` of its records (inclusive). */
export type GroundTruthIncident = {
  scenario: IncidentScenario
  description: string
  window: { start: string; end: string }
  actors: IncidentActor[]
  ipAddresses: string[]
  apiKeys: { id: string; last4: string; name: string }[]
  auditEventIds: string[]
  requestLogIds: string[]
  details: Record<string, string | number | boolean | string[]>
}

/** Everything injected into one generated organization. */
export type GroundTruth = {
  version: 1
  seed: number
  organization: { id: string; name: string }
  historyStart: string
  historyEnd: string
  incidents: GroundTruthIncident[]
}
