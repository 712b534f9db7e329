// The contract's method and event names without their schemas. The sandboxed preload imports
// this (it may not bundle zod); contract.test.ts proves it lists exactly the contract's keys.

/** Every method of the boundary, `noun.verb`. */
export const methodNames = [
  'app.info',
  'connections.list',
  'connections.add',
  'secrets.status',
  'demo.start',
  'sync.start',
  'sync.cancel',
  'sync.runs',
  'logs.query',
  'logs.count',
  'logs.get',
  'logs.facets',
  'views.list',
  'views.save',
  'views.delete',
  'annotations.get',
  'annotations.update',
  'annotations.editComment',
  'annotations.bulkTag',
  'labels.list',
  'labels.set',
  'settings.get',
  'settings.set',
  'coverage.days',
  'coverage.verify',
  'coverage.repair',
  'sync.follow',
  'retention.preview',
  'alerts.list',
  'alerts.summary',
  'alerts.markRead',
  'alertRules.list',
  'alertRules.save',
  'alertRules.setEnabled',
  'alertRules.delete',
  'findings.list',
  'findings.setStatus',
  'findings.markReviewed',
  'detections.run',
  'detections.getSettings',
  'detections.setSettings',
  'countryDatabase.get',
  'countryDatabase.choose',
  'countryDatabase.useDefault',
  'charts.signIns',
  'charts.failedSignInHours',
  'charts.signInCountries',
  'charts.keyRequests',
  'charts.requestHealth',
  'charts.topEndpoints',
  'exports.start',
  'packs.start',
  'exports.cancel',
  'exports.jobs',
  'exports.activity',
  'exports.signingKey',
] as const

/** Every event the core pushes to the renderer, `noun.happening`. */
export const eventNames = [
  'sync.progress',
  'sync.finished',
  'alerts.raised',
  'findings.changed',
  'exports.progress',
  'exports.finished',
  'app.command',
] as const

/** A method name of the contract. */
export type MethodName = (typeof methodNames)[number]

/** An event name of the contract. */
export type EventName = (typeof eventNames)[number]

/** The IPC channel that carries every method call (Electron only). */
export const invokeChannel = 'audit-desk:invoke'

/** The IPC channel that carries every core event to the window (Electron only). */
export const eventChannel = 'audit-desk:event'
