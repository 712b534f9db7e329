// The detections' findings of high API usage within a chart's range (the issue's rule has two
// parts: hourly requests far above the key's baseline, api-usage-spike, and use from addresses the
// key never used, api-key-new-ip), as markers for the requests-per-key chart: the detections' own
// findings, read through findings.list, never a second computation.
import { useEffect, useState } from 'react'
import type { ChartAxis } from '../../../../shared/chart-schemas'
import type { Finding } from '../../../../shared/findings-schemas'
import { useClient } from '../../../client/ClientContext'

/** The most spikes marked on one chart. */
const maxSpikes = 100

const none: Finding[] = []

/** The rules whose findings are marked. */
export const markedRules = ['api-usage-spike', 'api-key-new-ip'] as const

/** The marked findings overlapping the axis (empty while loading or when none). */
export function useSpikes(connectionId: string, axis: ChartAxis | undefined, version: number) {
  const client = useClient()
  const question = JSON.stringify([connectionId, axis ?? null, version])
  const [loaded, setLoaded] = useState<{ question: string; spikes: Finding[] }>({
    question: '',
    spikes: [],
  })
  useEffect(() => {
    if (axis === undefined || axis === null) return
    let isCurrent = true
    void client
      .call('findings.list', {
        connectionId,
        ruleIds: [...markedRules],
        from: axis.from,
        to: axis.to,
        limit: maxSpikes,
      })
      .then((result) => {
        if (isCurrent && result.ok) setLoaded({ question, spikes: result.value.findings })
      })
    return () => {
      isCurrent = false
    }
    // The question holds the connection, axis and version.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, question])
  return loaded.question === question ? loaded.spikes : none
}
