// The composition root (CONVENTIONS.md §1): main, webhost, cli and tests all build the core here
// from their ports, and reach it only through the handlers the contract names.
import path from 'node:path'
import type { DatabaseStatus, MethodOutput, MethodParams } from '../shared/contract'
import type { MethodName } from '../shared/method-names'
import { appVersion, productName } from './app-version'
import { CoreError } from './errors'
import type { CorePorts } from './ports'
import { createBackgroundQueries } from './query/background-queries'
import { createAlertHandlers } from './session/alert-handlers'
import { createAnnotationHandlers } from './session/annotation-handlers'
import { createChartHandlers } from './session/chart-handlers'
import { createConnectionHandlers } from './session/connection-handlers'
import { createCoverageHandlers } from './session/coverage-handlers'
import { createExportHandlers } from './session/export-handlers'
import { createFindingsHandlers } from './session/findings-handlers'
import { createKeyRing } from './session/key-ring'
import { createLogHandlers } from './session/log-handlers'
import { createSettingsHandlers } from './session/settings-handlers'
import { createSyncManager } from './session/sync-manager'
import { createViewHandlers } from './session/view-handlers'
import { databaseFileName, databaseSize, openDatabase, type OpenDatabase } from './store/database'

/** One async function per contract method; a missing one is a compile error. */
export type Handlers = { [M in MethodName]: (input: MethodParams<M>) => Promise<MethodOutput<M>> }

/** A running core: its handlers, the event sink, and a close that releases the database. */
export interface Core {
  handlers: Handlers
  /**
   * Stops follow mode, cancels a running sync, verification or repair and every export job, and
   * resolves once the running sync has recorded how it ended (the host bounds the wait on quit).
   */
  stopWork(): Promise<void>
  close(): void
}

/** Builds the core from the host's ports and opens the cache. An unusable cache is reported, not fatal. */
export function createCore(ports: CorePorts): Core {
  const database = openOrReport(ports)
  /** The open cache, or the reason it is not usable (as an error the renderer can show). */
  const db = () => {
    if (database.kind === 'failed') throw database.error
    return database.value.db
  }
  const fetchPort = ports.fetch ?? fetch
  // The work on a connection's new events after every sync, in order (each keeps its own
  // watermark); one task failing is logged and the next still runs.
  const afterSyncTasks: { name: string; run: (connectionId: string) => Promise<void> }[] = []
  const afterSync = async (connectionId: string) => {
    for (const task of afterSyncTasks) {
      try {
        await task.run(connectionId)
      } catch (cause) {
        ports.logger.error(`${task.name} after the sync failed`, {
          error: cause instanceof Error ? cause.message : 'unknown',
        })
      }
    }
  }
  // Alert rules run on every sync's new audit events (their own watermark in the cache).
  const alerts = createAlertHandlers({
    db,
    clock: ports.clock,
    emit: ports.emit,
    logger: ports.logger,
    ...(ports.reviewer === undefined ? {} : { reviewer: ports.reviewer }),
    ...(ports.notify === undefined ? {} : { notify: ports.notify }),
  })
  afterSyncTasks.push({ name: 'alerts', run: alerts.afterSync })
  // Detections run on every sync's new events after the alerts (their own progress in the cache).
  const findings = createFindingsHandlers({
    db,
    clock: ports.clock,
    emit: ports.emit,
    logger: ports.logger,
    ...(ports.reviewer === undefined ? {} : { reviewer: ports.reviewer }),
    ...(ports.pickCountryDatabase === undefined
      ? {}
      : { pickCountryDatabase: ports.pickCountryDatabase }),
  })
  afterSyncTasks.push({ name: 'detections', run: findings.afterSync })
  if (ports.countryDatabaseFile !== undefined && database.kind === 'open')
    findings.applyCountryDatabase(ports.countryDatabaseFile)
  // The charts' rollups follow every sync's new events (their own watermark in the cache); the
  // charts themselves run on their own worker thread.
  const charts = createChartHandlers({
    db,
    clock: ports.clock,
    logger: ports.logger,
    ...(ports.sqliteNativeBinding === undefined
      ? {}
      : { nativeBinding: ports.sqliteNativeBinding }),
  })
  afterSyncTasks.push({ name: 'chart rollups', run: charts.afterSync })
  const syncs = createSyncManager({
    afterSync,
    db,
    fetch: fetchPort,
    clock: ports.clock,
    emit: ports.emit,
    logger: ports.logger,
    ...(ports.sqliteNativeBinding === undefined
      ? {}
      : { sqliteNativeBinding: ports.sqliteNativeBinding }),
    ...(ports.sleep === undefined ? {} : { sleep: ports.sleep }),
  })
  const keys = createKeyRing(ports.secrets)
  // Counts and facets on a worker thread, so a page never waits behind them.
  const background = createBackgroundQueries(
    db,
    ports.sqliteNativeBinding === undefined ? {} : { nativeBinding: ports.sqliteNativeBinding },
  )
  const annotationHandlers = createAnnotationHandlers({
    db,
    clock: ports.clock,
    ...(ports.reviewer === undefined ? {} : { reviewer: ports.reviewer }),
  })

  const exportsAndPacks = createExportHandlers({
    db,
    ports: {
      dataDirectory: ports.dataDirectory,
      clock: ports.clock,
      emit: ports.emit,
      logger: ports.logger,
      ...(ports.reviewer === undefined ? {} : { reviewer: ports.reviewer }),
      ...(ports.chooseSavePath === undefined ? {} : { chooseSavePath: ports.chooseSavePath }),
      ...(ports.sqliteNativeBinding === undefined
        ? {}
        : { sqliteNativeBinding: ports.sqliteNativeBinding }),
    },
  })
  const { cancelAll: cancelExports, ...exportHandlers } = exportsAndPacks

  const handlers = {
    'app.info': () =>
      Promise.resolve({
        name: productName,
        version: appVersion,
        host: ports.host,
        dataDirectory: ports.dataDirectory,
        database: databaseStatus(database),
      }),
    ...createConnectionHandlers({ db, ports, fetch: fetchPort, syncs, keys }),
    ...createLogHandlers(db, background),
    ...annotationHandlers,
    ...createViewHandlers(db, ports.clock, background),
    ...createCoverageHandlers({ db, ports, fetch: fetchPort, syncs, keys }),
    ...alerts.handlers,
    ...findings.handlers,
    ...charts.handlers,
    ...exportHandlers,
    // After the annotation handlers: these extend their settings.get and settings.set.
    ...createSettingsHandlers(db, ports, annotationHandlers),
  } satisfies Handlers

  return {
    handlers,
    stopWork: async () => {
      cancelExports()
      await syncs.stop()
    },
    close: () => {
      // Follow mode stops; a sync, verification or repair still running is cancelled (a sync's
      // uncommitted pages are fetched again next time).
      void syncs.stop()
      cancelExports()
      background.close()
      charts.close()
      if (database.kind === 'open') database.value.close()
    },
  }
}

type DatabaseState =
  { kind: 'open'; value: OpenDatabase } | { kind: 'failed'; path: string; error: CoreError }

function openOrReport(ports: CorePorts): DatabaseState {
  try {
    return {
      kind: 'open',
      value: openDatabase(ports.dataDirectory, ports.clock(), ports.sqliteNativeBinding),
    }
  } catch (cause) {
    const error =
      cause instanceof CoreError
        ? cause
        : new CoreError(
            'database_unavailable',
            'The cache could not be opened for an unexpected reason.',
          )
    ports.logger.error('cache unavailable', { code: error.code })
    return { kind: 'failed', path: path.join(ports.dataDirectory, databaseFileName), error }
  }
}

function databaseStatus(state: DatabaseState): DatabaseStatus {
  if (state.kind === 'failed') {
    const code = state.error.code
    return {
      state: 'unavailable',
      path: state.path,
      code:
        code === 'database_corrupt' ||
        code === 'database_schema_mismatch' ||
        code === 'database_locked'
          ? code
          : 'database_unavailable',
      message: state.error.message,
    }
  }
  const { path: file, schemaVersion, createdAt } = state.value
  return { state: 'ready', path: file, sizeBytes: databaseSize(file), schemaVersion, createdAt }
}
