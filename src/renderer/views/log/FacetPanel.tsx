import { useEffect, useState } from 'react'
import type { Facet } from '../../../shared/contract'
import type { EventFilter, Stream } from '../../../shared/filter'
import type { QueryFilter } from '../../../shared/query-language'
import { useClient } from '../../client/ClientContext'
import { SafeText } from '../../components/log/LogValue'
import { formatCount } from '../../format'
import { isSelectable, selectedValues, toggleValue } from './facet-filter'

const titles: Record<string, string> = {
  action: 'Action',
  category: 'Category',
  status: 'Status',
  actor: 'Actor',
  resource: 'Resource type',
  endpoint: 'Endpoint',
  method: 'Method',
  key: 'API key',
}

/** Counts of the most frequent values under the current filter; a click refines the filter. */
export function FacetPanel(props: {
  stream: Stream
  filter: EventFilter | undefined
  queryFilter: QueryFilter
  version: number
  /** False while the page itself loads: the counts wait, so they never delay the rows. */
  isReady: boolean
  onChange: (filter: QueryFilter) => void
}) {
  const client = useClient()
  const [facets, setFacets] = useState<{ key: string; facets: Facet[] }>({ key: '', facets: [] })
  const key = JSON.stringify([props.stream, props.filter ?? null, props.version])
  const { stream, filter, isReady } = props

  useEffect(() => {
    if (filter === undefined || !isReady) return
    let isCurrent = true
    void client.call('logs.facets', { stream, filter }).then((result) => {
      if (isCurrent && result.ok) setFacets({ key, facets: result.value.facets })
    })
    return () => {
      isCurrent = false
    }
    // `key` stands for stream, filter and version.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, key, isReady])

  return (
    <aside className="facets" aria-label="Counts under this filter" data-testid="facets">
      {facets.facets.map((facet) => {
        const selected = selectedValues(props.queryFilter, facet.field)
        return (
          <section key={facet.field} className="facet">
            <h3>{titles[facet.field] ?? facet.field}</h3>
            <ul>
              {facet.values.map((entry) => (
                <li key={entry.value}>
                  <label>
                    <input
                      type="checkbox"
                      checked={selected.includes(entry.value)}
                      disabled={!isSelectable(facet.field)}
                      onChange={() => {
                        props.onChange(toggleValue(props.queryFilter, facet.field, entry.value))
                      }}
                      data-testid={`facet-${facet.field}`}
                    />
                    <span
                      className="facet-value"
                      title={entry.label === undefined ? undefined : entry.value}
                    >
                      <SafeText value={entry.label ?? entry.value} />
                    </span>
                    <span className="facet-count">{formatCount(entry.count)}</span>
                  </label>
                </li>
              ))}
            </ul>
            {facet.others > 0 && (
              <p className="muted facet-others">and {formatCount(facet.others)} more</p>
            )}
          </section>
        )
      })}
    </aside>
  )
}
