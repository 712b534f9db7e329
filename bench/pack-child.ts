// Builds or verifies one audit pack in its own process so its time and peak memory are its own:
// `tsx bench/pack-child.ts build DB DATA_DIR OUT.zip` or `tsx bench/pack-child.ts verify OUT.zip`.
// Prints one JSON line: rows, seconds, bytes, peak RSS in MB (and, for verify, whether it passed).
import fs from 'node:fs'
import { buildPack } from '../src/core/pack/build-pack'
import { verifyPack } from '../src/core/pack/verify-pack'
import { openDatabaseFile } from '../src/core/store/database'
import { peakRssMegabytes } from './harness'

const [mode, ...rest] = process.argv.slice(2)
const started = performance.now()
const seconds = () => (performance.now() - started) / 1000

if (mode === 'verify') {
  const [zip] = rest
  if (zip === undefined) throw new Error('usage: pack-child.ts verify OUT.zip')
  const verification = await verifyPack(zip)
  const failed = verification.checks.filter((check) => !check.isPassed)
  console.log(
    JSON.stringify({
      isValid: verification.isValid,
      failed: failed.map((check) => `${check.name}: ${check.detail}`),
      // Days whose events were recomputed from the JSON Lines and matched the server's signature.
      digestDays: verification.checks.filter(
        (check) =>
          check.name.startsWith('server digest ') &&
          check.isPassed &&
          !check.detail.startsWith('not applicable'),
      ).length,
      seconds: seconds(),
      bytes: fs.statSync(zip).size,
      peakRssMb: peakRssMegabytes(),
    }),
  )
} else if (mode === 'build') {
  const [file, dataDirectory, out] = rest
  if (file === undefined || dataDirectory === undefined || out === undefined)
    throw new Error('usage: pack-child.ts build DB DATA_DIR OUT.zip')
  const opened = openDatabaseFile(file, Date.now())
  try {
    const connection = opened.db
      .prepare<[], { id: string }>('SELECT id FROM connections ORDER BY added_at LIMIT 1')
      .get()
    const range = opened.db
      .prepare<[], { first: number; last: number }>(
        'SELECT min(occurred_at) AS first, max(occurred_at) AS last FROM audit_events',
      )
      .get()
    if (connection === undefined || range === undefined) throw new Error('the cache is empty')
    const day = (epochMs: number) => new Date(epochMs).toISOString().slice(0, 10)
    const built = await buildPack({
      db: opened.db,
      cacheFile: file,
      dataDirectory,
      connectionId: connection.id,
      from: day(range.first),
      to: day(range.last),
      streams: ['audit-events'],
      filter: {},
      redaction: 'none',
      engagement: 'bench',
      reviewer: 'bench',
      clock: Date.now,
      outPath: out,
    })
    console.log(
      JSON.stringify({
        rows: built.rows,
        seconds: seconds(),
        bytes: fs.statSync(out).size,
        peakRssMb: peakRssMegabytes(),
      }),
    )
  } finally {
    opened.close()
  }
} else {
  throw new Error('usage: pack-child.ts build|verify …')
}
