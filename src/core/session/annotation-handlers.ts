// The methods of reviewers' annotations, sensitivity labels and the reviewer-name setting. Every
// change is stamped with the reviewer (the setting, else the host's OS user name) and the clock.
import type Database from 'better-sqlite3'
import type { MethodOutput, MethodParams } from '../../shared/contract'
import { CoreError } from '../errors'
import { createBulkTagger } from '../query/bulk-tag'
import { cleanReviewerName, unknownReviewer } from '../reviewer'
import { createAnnotationStore, type Stamp } from '../store/annotation-store'
import { createLabelStore } from '../store/label-store'
import { createSettingsStore } from '../store/settings-store'

/** What the annotation handlers need from the core. */
export type AnnotationDependencies = {
  db: () => Database.Database
  clock: () => number
  /** The host's reviewer name (the OS user); see CorePorts.reviewer. */
  reviewer?: () => string
}

function createStores(db: Database.Database) {
  return {
    annotations: createAnnotationStore(db),
    labels: createLabelStore(db),
    settings: createSettingsStore(db),
    bulkTag: createBulkTagger(db),
  }
}

const noConnection = () =>
  new CoreError('not_found', 'That connection is not in the cache. Refresh the connection list.')

/** Handlers of annotations.*, labels.* and settings.* over the cache. */
export function createAnnotationHandlers(dependencies: AnnotationDependencies) {
  let opened: ReturnType<typeof createStores> | undefined
  const stores = () => (opened ??= createStores(dependencies.db()))
  const hostReviewer = () => cleanReviewerName(dependencies.reviewer?.()) ?? unknownReviewer
  const reviewerSettings = (): MethodOutput<'settings.get'> => {
    const custom = stores().settings.reviewerName()
    return { reviewerName: custom ?? hostReviewer(), customReviewerName: custom }
  }
  const stamp = (): Stamp => ({ author: reviewerSettings().reviewerName, at: dependencies.clock() })
  const requireConnection = (connectionId: string) => {
    if (!stores().annotations.hasConnection(connectionId)) throw noConnection()
  }
  const requireEvents = (input: MethodParams<'annotations.update'>) => {
    requireConnection(input.connectionId)
    const missing = stores().annotations.missingEvents(
      input.connectionId,
      input.stream,
      input.eventIds,
    )
    if (missing.length > 0)
      throw new CoreError(
        'not_found',
        `${String(missing.length)} of the events are not in the cache (local retention may have removed them). Refresh the list and try again.`,
      )
  }
  return {
    'annotations.get': (
      input: MethodParams<'annotations.get'>,
    ): Promise<MethodOutput<'annotations.get'>> => Promise.resolve(stores().annotations.get(input)),

    'annotations.update': (
      input: MethodParams<'annotations.update'>,
    ): Promise<MethodOutput<'annotations.update'>> => {
      requireEvents(input)
      const { connectionId, stream, eventIds, ...change } = input
      // Each id once: a repeated id would otherwise get a comment twice.
      const unique = [...new Set(eventIds)]
      return Promise.resolve(
        stores().annotations.update({ connectionId, stream, eventIds: unique }, change, stamp()),
      )
    },

    'annotations.editComment': (
      input: MethodParams<'annotations.editComment'>,
    ): Promise<MethodOutput<'annotations.editComment'>> => {
      const { commentId, text, ...event } = input
      const version = stores().annotations.editComment(event, commentId, text, stamp())
      if (version === undefined)
        throw new CoreError('not_found', 'That comment is not on this event. Reopen the event.')
      return Promise.resolve({ version })
    },

    'annotations.bulkTag': (
      input: MethodParams<'annotations.bulkTag'>,
    ): Promise<MethodOutput<'annotations.bulkTag'>> =>
      Promise.resolve(stores().bulkTag(input.stream, input.filter, input.tag, stamp())),

    'labels.list': (input: MethodParams<'labels.list'>): Promise<MethodOutput<'labels.list'>> => {
      requireConnection(input.connectionId)
      return Promise.resolve({ labels: stores().labels.list(input.connectionId) })
    },

    'labels.set': (input: MethodParams<'labels.set'>): Promise<MethodOutput<'labels.set'>> => {
      requireConnection(input.connectionId)
      const { label, isSet, ...resource } = input
      return Promise.resolve({ changed: stores().labels.set(resource, label, isSet, stamp()) })
    },

    'settings.get': (): Promise<MethodOutput<'settings.get'>> =>
      Promise.resolve(reviewerSettings()),

    'settings.set': (
      input: MethodParams<'settings.set'>,
    ): Promise<MethodOutput<'settings.set'>> => {
      const name = input.reviewerName === null ? null : cleanReviewerName(input.reviewerName)
      if (name === undefined)
        throw new CoreError('invalid_input', 'The reviewer name needs a visible character.')
      stores().settings.setReviewerName(name)
      return Promise.resolve(reviewerSettings())
    },
  }
}
