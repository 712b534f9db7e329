import { useEffect, useMemo, useState } from 'react'
import type { LogRow } from '../../../shared/contract'
import type { EventFilter, Stream } from '../../../shared/filter'
import {
  describeFilter,
  formatQuery,
  parseQuery,
  type QueryFilter,
} from '../../../shared/query-language'
import { useClient } from '../../client/ClientContext'
import { AnnotationPanel } from '../../components/annotations/AnnotationPanel'
import { BulkTagAction } from '../../components/annotations/BulkTagAction'
import { resourceOf } from '../../components/annotations/resource-of'
import { DetailPanel } from '../../components/log/DetailPanel'
import { DensityToggle, TimeModeToggle } from '../../components/log/Toggles'
import { EventTable } from '../../components/log/EventTable'
import type { Density, TimeMode } from '../../components/log/types'
import { formatCount } from '../../format'
import { hashWithQuery, useHashQuery, type ViewId } from '../../navigation'
import { useActiveConnection, useConnectionsStore } from '../../state/connections-store'
import { FacetPanel } from './FacetPanel'
import { pivotFilter } from './pivot-filter'
import { SaveView } from './SaveView'
import { QueryBar } from './QueryBar'
import { useLogPages } from './use-log-pages'
import { auditPeriodRange, useAuditPeriod } from './audit-period'
import { useStoredChoice } from './use-stored-choice'
import { ExportButton } from '../exports/ExportButton'

const placeholders: Record<Stream, string> = {
  'audit-events': 'actor:ana@ action:template.* -status:success ip:203.0.113.0/24 "exact phrase"',
  'request-logs': 'status:5xx endpoint:/v1/documents key:9f2c slow:>500',
}

/** A log view: the query bar, the virtualised table with keyset paging, and the detail panel. */
export function LogExplorer(props: { stream: Stream; view: ViewId }) {
  const { stream, view } = props
  const client = useClient()
  const connection = useActiveConnection()
  const dataVersion = useConnectionsStore((state) => state.dataVersion)
  const isSyncing = connection?.isSyncing === true
  const query = useHashQuery()
  const parsed = useMemo(() => parseQuery(query, stream), [query, stream])
  const filter: EventFilter | undefined =
    connection === undefined ? undefined : { ...parsed.filter, connectionId: connection.id }
  const [order, setOrder] = useState<'desc' | 'asc'>('desc')
  const [timeMode, setTimeMode] = useStoredChoice<TimeMode>('audit-desk.time-mode', 'utc', [
    'utc',
    'local',
  ])
  const [density, setDensity] = useStoredChoice<Density>('audit-desk.density', 'compact', [
    'compact',
    'comfortable',
  ])
  const pages = useLogPages(stream, filter, order, dataVersion)
  const auditPeriod = useAuditPeriod()
  const [selected, setSelected] = useState<LogRow | undefined>()
  // The raw JSON of the row it was loaded for: opening the same row again keeps it.
  const [detail, setDetail] = useState<{ rowId: number; raw: string } | undefined>()
  const selectedRowId = selected?.rowId
  const raw = detail !== undefined && detail.rowId === selectedRowId ? detail.raw : undefined

  useEffect(() => {
    if (selectedRowId === undefined) return
    let isCurrent = true
    void client.call('logs.get', { stream, rowId: selectedRowId }).then((result) => {
      if (isCurrent && result.ok) setDetail({ rowId: selectedRowId, raw: result.value.raw })
    })
    return () => {
      isCurrent = false
    }
  }, [client, stream, selectedRowId])

  const go = (text: string) => {
    setSelected(undefined)
    window.location.hash = hashWithQuery(view, text)
  }

  return (
    <div className="log-explorer" data-testid={`log-explorer-${stream}`}>
      <QueryBar
        query={query}
        errors={parsed.errors}
        placeholder={placeholders[stream]}
        onSubmit={go}
        auditPeriod={auditPeriod}
        onAuditPeriod={(period) => {
          go(formatQuery({ ...parsed.filter, ...auditPeriodRange(period) }))
        }}
        onQuickRange={(sinceMs) => {
          const ranged: QueryFilter = { ...parsed.filter, from: Date.now() - sinceMs }
          delete ranged.to
          go(formatQuery(ranged))
        }}
      />
      <div className="log-toolbar">
        <span data-testid="filter-summary" className="muted">
          {describeFilter(parsed.filter)}
        </span>
        {isSyncing && (
          <span className="tag" role="status">
            syncing: new events appear when it ends
          </span>
        )}
        <span className="toolbar-spacer" />
        <BulkTagAction stream={stream} filter={filter} total={pages.currentTotal} />
        <SaveView stream={stream} query={query} />
        <ExportButton stream={stream} filter={filter} total={pages.currentTotal} />
        <TimeModeToggle value={timeMode} onChange={setTimeMode} />
        <DensityToggle value={density} onChange={setDensity} />
      </div>
      {pages.error !== undefined && (
        <p className="form-error" role="alert">
          {pages.error.message}
        </p>
      )}
      <div className={selected === undefined ? 'log-body' : 'log-body with-detail'}>
        <FacetPanel
          stream={stream}
          filter={filter}
          queryFilter={parsed.filter}
          version={dataVersion}
          isReady={!pages.isLoading}
          total={pages.total}
          onChange={(next) => {
            go(formatQuery(next))
          }}
        />
        <EventTable
          stream={stream}
          rows={pages.rows}
          total={pages.total}
          isLoading={pages.isLoading}
          hasMore={pages.hasMore}
          onLoadMore={pages.loadMore}
          onOpen={setSelected}
          selectedRowId={selected?.rowId}
          timeMode={timeMode}
          density={density}
          sortDirection={order}
          onSortDirectionChange={setOrder}
        />
        {selected !== undefined && (
          <div className="detail-column">
            <DetailPanel
              stream={stream}
              row={selected}
              raw={raw}
              timeMode={timeMode}
              onPivot={(pivot) => {
                go(formatQuery(pivotFilter(stream, pivot)))
              }}
              onClose={() => {
                setSelected(undefined)
              }}
            />
            {connection !== undefined && (
              <AnnotationPanel
                connectionId={connection.id}
                stream={stream}
                eventId={selected.id}
                resource={resourceOf(stream, selected)}
              />
            )}
          </div>
        )}
      </div>
      {pages.total !== undefined && (
        <p className="sr-only" role="status">
          {formatCount(pages.total)} events match
        </p>
      )}
    </div>
  )
}
