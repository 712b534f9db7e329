import { useCallback, useEffect, useState } from 'react'
import { maxAlertsPerRule, type Alert } from '../../../../shared/alert-schemas'
import type { MethodOutput } from '../../../../shared/contract'
import { useClient } from '../../../client/ClientContext'
import { formatCount } from '../../../format'
import { useStoredChoice } from '../../log/use-stored-choice'
import { AlertRow } from './AlertRow'
import { useAlertsStore } from './alerts-store'

type List = 'raised' | 'historical'
type Order = 'unread-first' | 'newest'
type Summary = MethodOutput<'alerts.summary'>

const pageSize = 50

/** The inbox: the alerts syncs raised (or the first sync's history), unread first or newest first. */
export function AlertInbox(props: { connectionId: string }) {
  const { connectionId } = props
  const client = useClient()
  const version = useAlertsStore((state) => state.version)
  const touch = useAlertsStore((state) => state.touch)
  const setUnread = useAlertsStore((state) => state.setUnread)
  const [list, setList] = useState<List>('raised')
  const [order, setOrder] = useStoredChoice<Order>('audit-desk.alert-order', 'unread-first', [
    'unread-first',
    'newest',
  ])
  const [shown, setShown] = useState(pageSize)
  const [page, setPage] = useState<{ alerts: Alert[]; total: number } | undefined>()
  const [summary, setSummary] = useState<Summary | undefined>()
  const [error, setError] = useState<string | undefined>()

  useEffect(() => {
    let isCurrent = true
    void Promise.all([
      client.call('alerts.list', { connectionId, list, order, limit: shown }),
      client.call('alerts.summary', { connectionId }),
    ]).then(([listed, counted]) => {
      if (!isCurrent) return
      if (!listed.ok) setError(listed.error.message)
      else if (!counted.ok) setError(counted.error.message)
      else {
        setError(undefined)
        setPage(listed.value)
        setSummary(counted.value)
        setUnread(connectionId, counted.value.unread)
      }
    })
    return () => {
      isCurrent = false
    }
  }, [client, connectionId, list, order, shown, version, setUnread])

  const mark = useCallback(
    async (input: { alertIds?: number[]; isRead: boolean }) => {
      const result = await client.call('alerts.markRead', { connectionId, ...input })
      if (!result.ok) {
        setError(result.error.message)
        return
      }
      setUnread(connectionId, result.value.unread)
      touch()
    },
    [client, connectionId, setUnread, touch],
  )

  return (
    <section
      className="alert-inbox"
      aria-labelledby="alert-inbox-heading"
      data-testid="alert-inbox"
    >
      <h2 id="alert-inbox-heading" className="sr-only">
        Alert inbox
      </h2>
      {summary !== undefined && <InboxSummary summary={summary} />}
      <div className="alert-toolbar">
        <label>
          Show{' '}
          <select
            value={list}
            onChange={(event) => {
              setList(event.target.value === 'historical' ? 'historical' : 'raised')
              setShown(pageSize)
            }}
            data-testid="alert-list"
          >
            <option value="raised">Alerts raised by syncs</option>
            <option value="historical">History found by the first sync</option>
          </select>
        </label>
        <label>
          Order{' '}
          <select
            value={order}
            onChange={(event) => {
              setOrder(event.target.value === 'newest' ? 'newest' : 'unread-first')
            }}
            data-testid="alert-order"
          >
            <option value="unread-first">Unread first</option>
            <option value="newest">Newest first</option>
          </select>
        </label>
        <span className="alert-toolbar-spacer" />
        {list === 'raised' && (summary?.unread ?? 0) > 0 && (
          <button
            type="button"
            className="button"
            onClick={() => void mark({ isRead: true })}
            data-testid="alert-mark-all"
          >
            Mark all {formatCount(summary?.unread ?? 0)} read
          </button>
        )}
      </div>
      {error !== undefined && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {page?.alerts.length === 0 && <EmptyInbox list={list} />}
      {page !== undefined && page.alerts.length > 0 && (
        <ul className="alert-list" data-testid="alert-rows">
          {page.alerts.map((alert) => (
            <AlertRow
              key={alert.id}
              alert={alert}
              onMark={(isRead) => void mark({ alertIds: [alert.id], isRead })}
            />
          ))}
        </ul>
      )}
      {page !== undefined && page.total > page.alerts.length && (
        <button
          type="button"
          className="button"
          onClick={() => {
            setShown((count) => Math.min(500, count + pageSize))
          }}
          disabled={shown >= 500}
        >
          Show more ({formatCount(page.total - page.alerts.length)} not shown)
        </button>
      )}
    </section>
  )
}

function InboxSummary(props: { summary: Summary }) {
  const { summary } = props
  return (
    <div className="alert-summary" data-testid="alert-summary">
      <p>
        <strong>{formatCount(summary.unread)} unread</strong> of {formatCount(summary.raised)}{' '}
        {summary.raised === 1 ? 'alert' : 'alerts'} raised by syncs;{' '}
        {formatCount(summary.historical)} in the first sync&apos;s history.
      </p>
      {!summary.isLive && (
        <p className="muted">
          Alerts are raised once a sync of this organization has completed: what the first sync
          finds is kept as history and never notified.
        </p>
      )}
      {summary.overflows.length > 0 && (
        <ul className="alert-overflows">
          {summary.overflows.map((overflow) => (
            <li key={overflow.ruleId}>
              The rule “{overflow.ruleName}” matched {formatCount(overflow.dropped)} more events
              than the inbox keeps ({formatCount(maxAlertsPerRule)} per rule per sync). Narrow its
              conditions.
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

function EmptyInbox(props: { list: List }) {
  return (
    <div className="alert-empty" data-testid="alert-empty">
      {props.list === 'raised' ? (
        <p>
          No alerts yet. Each sync checks the events it brings against the rules below, and what
          matches appears here (and as a notice in the corner). Follow mode on the Connections view
          keeps syncing.
        </p>
      ) : (
        <p>The first sync found no events matching the rules.</p>
      )}
    </div>
  )
}
