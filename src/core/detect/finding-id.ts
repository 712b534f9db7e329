// A finding's id: a hash of its connection, rule, rule version, key and anchor. The same events
// give the same id on every run, so a reviewer's status stays with the finding.
import { createHash } from 'node:crypto'

/** `fnd_` and 24 hex digits (96 bits) of SHA-256 over the finding's identity. */
export function findingId(
  connectionId: string,
  ruleId: string,
  ruleVersion: number,
  key: string,
  anchor: number,
): string {
  const identity = [connectionId, ruleId, String(ruleVersion), key, String(anchor)].join('\u0000')
  return `fnd_${createHash('sha256').update(identity).digest('hex').slice(0, 24)}`
}
