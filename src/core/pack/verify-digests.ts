// verify-pack's check of the events against the server's signed day digests: the Ed25519
// signature of each day with the server key the pack includes, its link to the previous day, and
// the count and events_sha256 recomputed from the pack's JSON Lines. Only where the pack holds the
// stream's whole day as the server sent it (unredacted, unfiltered) and the cache matched it.
import { createPublicKey, type KeyObject } from 'node:crypto'
import { isSignatureValid } from '../verify/digest-check'
import { parseDayText } from '../verify/days'
import type { MemberReading } from './content-checks'
import { digestInapplicability, type PackManifest } from './manifest'

type Check = { name: string; isPassed: boolean; detail: string }

/** One check per signed day of the pack, or one saying why none applies. */
export function checkServerDigests(
  manifest: PackManifest,
  readings: ReadonlyMap<string, MemberReading>,
): Check[] {
  const digests = manifest.serverDigests.days
  if (digests.length === 0) {
    return [
      {
        name: 'server digests',
        isPassed: true,
        detail:
          'not applicable: the pack holds no signed server digests (the server does not sign, or no sealed day was verified)',
      },
    ]
  }
  const reason = digestInapplicability(manifest)
  if (reason !== null)
    return [{ name: 'server digests', isPassed: true, detail: `not applicable: ${reason}` }]
  const keys = new Map<string, KeyObject>()
  for (const key of manifest.serverDigests.keys) {
    try {
      keys.set(key.keyId, createPublicKey({ key: key.publicKeyPem, format: 'pem' }))
    } catch {
      // An unreadable key: its days fail below naming the key id.
    }
  }
  const byDay = new Map(digests.map((digest) => [`${digest.stream} ${digest.date}`, digest]))
  return digests.map((digest): Check => {
    const name = `server digest ${digest.stream} ${digest.date}`
    const stream = manifest.streams.find((entry) => entry.stream === digest.stream)
    const day = stream?.days.find((entry) => entry.date === digest.date)
    if (stream === undefined || day === undefined)
      return {
        name,
        isPassed: false,
        detail: `the manifest has no ${digest.stream} day ${digest.date}`,
      }
    if (day.digestStatus !== 'valid') {
      return {
        name,
        isPassed: true,
        detail: `not applicable: when verified the cache's day did not match this digest (${day.digestStatus ?? 'not checked'}), as the manifest says`,
      }
    }
    const problems: string[] = []
    const dayNumber = parseDayText(digest.date) ?? 0
    const key = keys.get(digest.keyId)
    const signed = { ...digest, day: dayNumber }
    if (key === undefined)
      problems.push(`no server key ${JSON.stringify(digest.keyId)} in the manifest`)
    else if (!isSignatureValid(digest.stream, signed, key))
      problems.push('the server signature does not verify')
    const previous = byDay.get(`${digest.stream} ${dateBefore(dayNumber)}`)
    if (previous !== undefined && previous.signature !== digest.previousSignature)
      problems.push('previous_signature does not link to the day before')
    const local = readings.get(stream.files.jsonl)?.days.get(digest.date)
    if (local === undefined) problems.push(`${stream.files.jsonl} could not be read`)
    else {
      if (local.count !== digest.count)
        problems.push(
          `${stream.files.jsonl} holds ${local.count} events of the day; the server signed ${digest.count}`,
        )
      else if (local.eventsSha256 !== digest.eventsSha256)
        problems.push(
          `the events of the day in ${stream.files.jsonl} differ from what the server signed (events_sha256)`,
        )
    }
    return problems.length === 0
      ? {
          name,
          isPassed: true,
          detail: `${digest.count} events match the server's signed digest (key ${digest.keyId})`,
        }
      : { name, isPassed: false, detail: problems.join('; ') }
  })
}

function dateBefore(day: number): string {
  return new Date((day - 1) * 86_400_000).toISOString().slice(0, 10)
}
