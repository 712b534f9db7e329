// The methods of alert rules and the alert inbox, and the work after every sync that evaluates
// the rules on the sync's new audit events: the alerts it raises are announced with one
// `alerts.raised` event and, where the host has one, one desktop notification per sync.
import type Database from 'better-sqlite3'
import type { MethodOutput, MethodParams } from '../../shared/contract'
import { maxUserRules, ruleDraftSchema, type AlertRule } from '../../shared/alert-schemas'
import { createAlertStore } from '../alerts/alert-store'
import { isDefaultRuleId } from '../alerts/default-rules'
import { evaluateNewEvents, type Evaluation } from '../alerts/evaluate'
import { alertNotification } from '../alerts/notification'
import { createRuleStore } from '../alerts/rule-store'
import { CoreError } from '../errors'
import type { CorePorts } from '../ports'
import { currentReviewer } from '../store/settings-store'

/** What the alert handlers need from the core. */
export type AlertDependencies = {
  db: () => Database.Database
} & Pick<CorePorts, 'clock' | 'emit' | 'logger' | 'reviewer' | 'notify'>

/** How many of the newest alerts `alerts.raised` carries. */
const newestInEvent = 5

function createStores(db: Database.Database, onUnreadable: (id: string) => void) {
  return {
    rules: createRuleStore(db, onUnreadable),
    alerts: createAlertStore(db),
  }
}

const noRule = () =>
  new CoreError('not_found', 'That alert rule is not in the cache. Refresh the rule list.')

/** The alert methods, and `afterSync`, the task the core runs after every sync. */
export function createAlertHandlers(dependencies: AlertDependencies) {
  const { clock, logger } = dependencies
  const onUnreadable = (id: string) => {
    logger.warn('an alert rule in the cache is unreadable and is skipped', { ruleId: id })
  }
  let opened: ReturnType<typeof createStores> | undefined
  const stores = () => (opened ??= createStores(dependencies.db(), onUnreadable))
  const stamp = () => ({
    author: currentReviewer(dependencies.db(), dependencies.reviewer?.()),
    at: clock(),
  })
  const requireConnection = (connectionId: string) => {
    if (stores().alerts.organizationName(connectionId) === undefined)
      throw new CoreError('not_found', 'That connection is not in the cache. Refresh the list.')
  }
  const found = (id: string): AlertRule => {
    const rule = stores().rules.find(id)
    if (rule === undefined) throw noRule()
    return rule
  }

  const handlers = {
    'alertRules.list': (): Promise<MethodOutput<'alertRules.list'>> =>
      Promise.resolve({ rules: stores().rules.list() }),

    'alertRules.save': (
      input: MethodParams<'alertRules.save'>,
    ): Promise<MethodOutput<'alertRules.save'>> => {
      // The contract parsed it already; parse again so the stored form is the normalised one.
      const fields = ruleDraftSchema.parse(input.rule)
      const { rules } = stores()
      if (input.id === undefined) {
        if (rules.userRuleCount() >= maxUserRules)
          throw new CoreError(
            'invalid_input',
            `There are already ${String(maxUserRules)} alert rules. Delete rules you no longer need, then add this one.`,
          )
        return Promise.resolve(found(rules.create(fields, stamp())))
      }
      if (isDefaultRuleId(input.id))
        throw new CoreError(
          'invalid_input',
          'A built-in rule cannot be edited; turn it off and write your own rule instead.',
        )
      if (!rules.update(input.id, fields, stamp())) throw noRule()
      return Promise.resolve(found(input.id))
    },

    'alertRules.setEnabled': (
      input: MethodParams<'alertRules.setEnabled'>,
    ): Promise<MethodOutput<'alertRules.setEnabled'>> => {
      if (!stores().rules.setEnabled(input.id, input.isEnabled, stamp())) throw noRule()
      return Promise.resolve(found(input.id))
    },

    'alertRules.delete': (
      input: MethodParams<'alertRules.delete'>,
    ): Promise<MethodOutput<'alertRules.delete'>> => {
      if (isDefaultRuleId(input.id))
        throw new CoreError(
          'invalid_input',
          'A built-in rule cannot be deleted; turn it off instead.',
        )
      return Promise.resolve({ deleted: stores().rules.delete(input.id) })
    },

    'alerts.list': (input: MethodParams<'alerts.list'>): Promise<MethodOutput<'alerts.list'>> => {
      requireConnection(input.connectionId)
      return Promise.resolve(
        stores().alerts.list(input.connectionId, {
          isHistorical: input.list === 'historical',
          isUnreadFirst: input.order === 'unread-first',
          limit: input.limit,
          offset: input.offset,
        }),
      )
    },

    'alerts.summary': (
      input: MethodParams<'alerts.summary'>,
    ): Promise<MethodOutput<'alerts.summary'>> => {
      requireConnection(input.connectionId)
      const { alerts } = stores()
      return Promise.resolve({
        ...alerts.counts(input.connectionId),
        ...alerts.watermark(input.connectionId),
        overflows: alerts.overflows(input.connectionId),
      })
    },

    'alerts.markRead': (
      input: MethodParams<'alerts.markRead'>,
    ): Promise<MethodOutput<'alerts.markRead'>> => {
      requireConnection(input.connectionId)
      const { alerts } = stores()
      const { author, at } = stamp()
      const read = input.isRead ? { at, by: author } : null
      let changed: number
      if (input.alertIds !== undefined)
        changed = alerts.mark(input.connectionId, [...new Set(input.alertIds)], read)
      else if (read !== null) changed = alerts.markAll(input.connectionId, read)
      else
        throw new CoreError(
          'invalid_input',
          'Name the alerts to mark unread; only marking read applies to all of them.',
        )
      return Promise.resolve({ changed, unread: alerts.counts(input.connectionId).unread })
    },
  }

  /** Evaluates the rules on the connection's new events and announces what they raised. */
  const afterSync = (connectionId: string): Promise<void> => {
    const evaluation = evaluateNewEvents(dependencies.db(), connectionId, clock(), onUnreadable)
    for (const rule of evaluation.dropped)
      logger.warn('an alert rule matched more events in one sync than the inbox keeps', {
        ruleId: rule.ruleId,
        dropped: rule.count,
      })
    announce(connectionId, evaluation)
    return Promise.resolve()
  }

  const announce = (connectionId: string, evaluation: Evaluation) => {
    if (evaluation.isHistorical || evaluation.alerts.length === 0) return
    const organizationName = stores().alerts.organizationName(connectionId) ?? ''
    dependencies.emit({
      name: 'alerts.raised',
      payload: {
        connectionId,
        organizationName,
        count: evaluation.alerts.length,
        newest: evaluation.alerts.slice(-newestInEvent).reverse(),
      },
    })
    if (dependencies.notify === undefined) return
    const { title, body } = alertNotification(organizationName, evaluation.alerts)
    try {
      dependencies.notify(title, body)
    } catch (cause) {
      logger.warn('the desktop notification failed', {
        error: cause instanceof Error ? cause.message : 'unknown',
      })
    }
  }

  return { handlers, afterSync }
}
