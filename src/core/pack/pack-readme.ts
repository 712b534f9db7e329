// README.txt of an audit pack: how an auditor checks it with standard tools and with Audit Desk.
import type { PackManifest } from './manifest'

/** The README text for a pack described by `manifest` (without its files list). */
export function packReadme(
  manifest: Pick<
    PackManifest,
    'organization' | 'period' | 'exportedBy' | 'exportedAt' | 'redaction' | 'signingKey'
  >,
): string {
  const redaction =
    manifest.redaction.profile === 'none'
      ? 'none: the events are as the server sent them.'
      : `${manifest.redaction.profile}, engagement "${manifest.redaction.engagement ?? ''}": e-mail and IP addresses are keyed pseudonyms${manifest.redaction.profile === 'minimal' ? ', user agents and metadata are dropped' : ''}.`
  return `Audit Desk audit pack
=====================

Organization: ${manifest.organization.name} (${manifest.organization.id})
Period (UTC): ${manifest.period.from} to ${manifest.period.to}, both days included
Exported by:  ${manifest.exportedBy} at ${manifest.exportedAt}
Redaction:    ${redaction}

What is inside
--------------
data/<stream>.csv, .xlsx, .jsonl  the events of the period in scope (JSON Lines: the raw events)
summary.xlsx                      counts by category, action, actor and day; findings; coverage
findings.jsonl                    the detections' findings overlapping the period
annotations.jsonl                 reviewers' tags, stars and comments on the exported events
reviewer-activity.jsonl           the hash-chained log of earlier exports and packs
manifest.json                     what the pack holds: filter, period, population counts from
                                  the cache and the server, per-day coverage, the server's signed
                                  digests, every transformation, the SHA-256 of every file
manifest.sig                      Ed25519 signature of manifest.json's exact bytes (64 raw bytes)
signing-key.pem                   the public key of the Audit Desk installation that signed it
SHA256SUMS                        the SHA-256 of every file but manifest.json, manifest.sig
                                  and itself; manifest.json carries the SHA-256 of SHA256SUMS

How to verify
-------------
Unzip the pack into an empty folder and run these commands in that folder, in this order. Each
one fails (a non-zero exit status) when its check fails; stop at the first that does.

1. Check the manifest's signature with the included public key (OpenSSL 3). It must print
   "Signature Verified Successfully":

     openssl pkeyutl -verify -pubin -inkey signing-key.pem -rawin -in manifest.json -sigfile manifest.sig

2. Compare the key's fingerprint with the one the exporting team gave you out of band (by phone,
   in person, on a signed letter). The fingerprint is the SHA-256 of the key's DER form:

     openssl pkey -pubin -in signing-key.pem -outform DER | sha256sum

   This pack says its key is ${manifest.signingKey.fingerprint}; that claim is worth
   nothing until it equals the fingerprint you were given out of band. A pack signed by another
   key proves nothing about who made it.

3. Check that SHA256SUMS is the one the signed manifest names (its "sha256sums" field). This
   prints the manifest's line when they match and nothing (failing) when they do not:

     grep -Fx "  \\"sha256sums\\": \\"$(sha256sum SHA256SUMS | cut -c1-64)\\"," manifest.json

4. Only then check every other file's hash against SHA256SUMS:

     sha256sum -c SHA256SUMS

5. With Audit Desk, check everything at once, including each data file's row count against the
   manifest and, where the pack holds whole unredacted days, the events against the server's own
   signed daily digests:

     audit-desk verify-pack PACK.zip

The manifest's transformations section lists every change made to the data (spreadsheet
formula neutralisation, replaced characters, truncated cells, redaction) with its count per file.
`
}
