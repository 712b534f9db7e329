// Runs one export in its own process so its peak memory is its own: `tsx bench/export-child.ts
// DB FORMAT OUT`. Prints one JSON line: rows, seconds, bytes, peak RSS in MB.
import { openSnapshot } from '../src/core/export/snapshot'
import { writeEvents } from '../src/core/export/write-events'
import { exportFormatSchema } from '../src/shared/export-schemas'
import { peakRssMegabytes } from './harness'

const [file, formatText, out] = process.argv.slice(2)
const format = exportFormatSchema.safeParse(formatText)
if (file === undefined || out === undefined || !format.success) {
  throw new Error('usage: export-child.ts DB csv|xlsx|jsonl OUT')
}
const started = performance.now()
const snapshot = openSnapshot(file)
try {
  const result = await writeEvents({
    snapshot,
    stream: 'audit-events',
    filter: {},
    targets: [
      {
        format: format.data,
        path: out,
        options: { bom: false, includeAnnotations: false, includeFindings: false },
      },
    ],
  })
  console.log(
    JSON.stringify({
      rows: result.rows,
      seconds: (performance.now() - started) / 1000,
      bytes: result.files[0]?.bytes ?? 0,
      peakRssMb: peakRssMegabytes(),
    }),
  )
} finally {
  snapshot.close()
}
