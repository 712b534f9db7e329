// Shared set-up of the export tests: a temp cache with audit events and request logs loaded the
// way a sync stores them, and the options every export starts from.
import path from 'node:path'
import type { ExportOptions } from '../../shared/export-schemas'
import { makeTempDir } from '../../../test/helpers/temp-dir'
import { loadEvents } from '../../../test/helpers/load-events'
import { databaseFileName, openDatabase, type OpenDatabase } from '../store/database'
import { auditEventJson, requestLogJson } from '../sync/test-events'

/** Export options with every default. */
export const plainOptions: ExportOptions = {
  bom: false,
  includeAnnotations: false,
  includeFindings: false,
}

/** A temp data directory with a cache holding `auditCount` audit events and 3 request logs. */
export function seededCache(
  auditCount: number,
  overrides?: (seq: number) => Record<string, unknown>,
) {
  const temp = makeTempDir()
  const opened: OpenDatabase = openDatabase(temp.dir, 0)
  const audit = Array.from({ length: auditCount }, (_, index) =>
    auditEventJson(index + 1, overrides?.(index + 1) ?? {}),
  )
  const connectionId = loadEvents(
    opened,
    audit,
    [1, 2, 3].map((seq) => requestLogJson(seq)),
  )
  return {
    dir: temp.dir,
    file: path.join(temp.dir, databaseFileName),
    opened,
    connectionId,
    out: (name: string) => path.join(temp.dir, name),
    remove() {
      opened.close()
      temp.remove()
    },
  }
}
