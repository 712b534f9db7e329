// Loads one chart's aggregate for a filter, dropping answers to questions no longer current (a
// newer filter, or a sync that added events).
import { useEffect, useState } from 'react'
import type { MethodInput, MethodOutput } from '../../../../shared/contract'
import type { EventFilter } from '../../../../shared/filter'
import type { MethodName } from '../../../../shared/method-names'
import { useClient } from '../../../client/ClientContext'

/** A chart method of the contract. */
export type ChartMethod = Extract<MethodName, `charts.${string}`>

/**
 * Where a chart's data stands. While a new question is answered, `stale` holds the last answer
 * (another filter's), so the chart stays drawn and is updated in place rather than redrawn.
 */
export type ChartState<T> =
  | { status: 'loading'; stale?: T }
  | { status: 'error'; message: string }
  | { status: 'ready'; value: T }

type Loaded<T> = { question: string; state: ChartState<T> }

/** The chart's data for `filter` (undefined: no organization yet), reloaded when `version` changes. */
export function useChart<M extends ChartMethod>(
  method: M,
  filter: EventFilter | undefined,
  version: number,
): ChartState<MethodOutput<M>> {
  const client = useClient()
  const question = JSON.stringify([method, filter ?? null, version])
  const [loaded, setLoaded] = useState<Loaded<MethodOutput<M>>>({
    question: '',
    state: { status: 'loading' },
  })
  useEffect(() => {
    if (filter === undefined) return
    let isCurrent = true
    const input: MethodInput<ChartMethod> = { filter }
    // Every chart method takes the same input; TypeScript cannot narrow the union to M.
    void client.call(method, input as MethodInput<M>).then((result) => {
      if (!isCurrent) return
      // A newer request for the same chart replaced this one: its answer is on its way.
      if (!result.ok && result.error.code === 'cancelled') return
      setLoaded({
        question,
        state: result.ok
          ? { status: 'ready', value: result.value }
          : { status: 'error', message: result.error.message },
      })
    })
    return () => {
      isCurrent = false
    }
    // The question holds the method, filter and version: it alone decides when to reload.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, question])
  if (loaded.question === question) return loaded.state
  return loaded.state.status === 'ready'
    ? { status: 'loading', stale: loaded.state.value }
    : { status: 'loading' }
}
