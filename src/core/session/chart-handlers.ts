// The Monitoring charts' methods (charts.*) and the rollups they read, kept up to date after every
// sync (src/core/charts). The charts run on their own worker thread; the rollups are written here.
import type Database from 'better-sqlite3'
import { createChartService } from '../charts/chart-service'
import { updateChartRollups } from '../charts/rollups'
import type { Logger } from '../ports'

type Deps = {
  db: () => Database.Database
  clock: () => number
  logger: Logger
  /** Path of a better-sqlite3 addon built for this runtime (Electron), for the chart worker. */
  nativeBinding?: string
}

/** The chart handlers, the after-sync rollup update and a close that stops the chart worker. */
export function createChartHandlers(deps: Deps) {
  const service = createChartService(
    deps.db,
    deps.nativeBinding === undefined ? {} : { nativeBinding: deps.nativeBinding },
  )
  const { close: closeService, ...handlers } = service
  return {
    handlers,
    /** Brings the chart rollups up to date with the events every sync stored. */
    afterSync: async (): Promise<void> => {
      const started = performance.now()
      const updates = await updateChartRollups(deps.db(), deps.clock())
      deps.logger.info('chart rollups updated', {
        days: updates.reduce((sum, update) => sum + update.days, 0),
        ms: Math.round(performance.now() - started),
      })
    },
    close: () => {
      closeService()
    },
  }
}
