// Loads what a log view shows for a filter: the total count and the rows page by page (keyset),
// dropping answers to questions that are no longer current.
import { useCallback, useEffect, useState } from 'react'
import type { LogRow } from '../../../shared/contract'
import type { EventFilter, Stream } from '../../../shared/filter'
import type { BoundaryError } from '../../../shared/result'
import { useClient } from '../../client/ClientContext'

const pageSize = 200

type PageKey = { occurredAt: number; rowId: number }

/** What is loaded, and for which question (stream, filter, order, version). */
type Loaded = {
  question: string
  rows: LogRow[]
  next: PageKey | null
  total: number | undefined
  error: BoundaryError | undefined
}

const nothing: Loaded = { question: '', rows: [], next: null, total: undefined, error: undefined }

/** The rows and count for `filter`, reloaded when it, the order or `version` changes. */
export function useLogPages(
  stream: Stream,
  filter: EventFilter | undefined,
  order: 'desc' | 'asc',
  version: number,
) {
  const client = useClient()
  const question = JSON.stringify([stream, filter ?? null, order, version])
  const [loaded, setLoaded] = useState<Loaded>(nothing)
  const [isLoadingMore, setLoadingMore] = useState(false)

  useEffect(() => {
    if (filter === undefined) return
    let isCurrent = true
    // The rows show as soon as they arrive; the total (a count can take longer) follows.
    void client.call('logs.query', { stream, filter, limit: pageSize, order }).then((page) => {
      if (!isCurrent) return
      // A first page with no next one holds every match: its length is the total, no count needed
      // (a filter matching nothing would otherwise wait for a full count to say "0 events").
      const isWhole = page.ok && page.value.next === null
      setLoaded(
        page.ok
          ? {
              question,
              rows: page.value.rows,
              next: page.value.next,
              total: isWhole ? page.value.rows.length : undefined,
              error: undefined,
            }
          : { ...nothing, question, error: page.error },
      )
      if (!page.ok || isWhole) return
      void client.call('logs.count', { stream, filter }).then((count) => {
        if (!isCurrent || !count.ok) return
        setLoaded((current) =>
          current.question === question ? { ...current, total: count.value.count } : current,
        )
      })
    })
    return () => {
      isCurrent = false
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `question` stands for stream, filter, order and version (filter is a new object each render)
  }, [client, question])

  const isCurrent = loaded.question === question
  const next = isCurrent ? loaded.next : null
  const loadMore = useCallback(() => {
    if (filter === undefined || next === null || isLoadingMore) return
    setLoadingMore(true)
    void client
      .call('logs.query', { stream, filter, limit: pageSize, order, after: next })
      .then((page) => {
        setLoadingMore(false)
        setLoaded((current) => {
          if (current.question !== question) return current
          return page.ok
            ? { ...current, rows: [...current.rows, ...page.value.rows], next: page.value.next }
            : { ...current, error: page.error }
        })
      })
    // `question` stands for stream, filter and order, as above.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, question, next, isLoadingMore])

  // While a new question loads, the previous answer stays on screen (no flash of an empty table).
  return {
    rows: loaded.rows,
    total: loaded.total,
    /** The count of the filter now asked, undefined until it arrives (what exports promise). */
    currentTotal: isCurrent ? loaded.total : undefined,
    hasMore: next !== null,
    isLoading: !isCurrent || isLoadingMore,
    error: isCurrent ? loaded.error : undefined,
    loadMore,
  }
}
