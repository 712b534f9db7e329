// The findings list as the panel shows it: loaded for the active connection and the chosen
// filters, reloaded when a sync ends or the detections announce new findings, and the rules'
// settings (titles and thresholds) beside it.
import { useCallback, useEffect, useState } from 'react'
import type { MethodInput, MethodOutput } from '../../../../shared/contract'
import type {
  DetectionRuleId,
  FindingSeverity,
  FindingStatus,
  RuleSettings,
} from '../../../../shared/findings-schemas'
import { useClient } from '../../../client/ClientContext'
import { useConnectionsStore } from '../../../state/connections-store'

/** The filters the panel offers. */
export type FindingsFilter = {
  severities: FindingSeverity[]
  statuses: FindingStatus[]
  ruleId: DetectionRuleId | 'all'
  isNewOnly: boolean
}

/** Open findings of every severity and rule: what a reviewer starts from. */
export const defaultFilter: FindingsFilter = {
  severities: ['high', 'medium', 'low'],
  statuses: ['open'],
  ruleId: 'all',
  isNewOnly: false,
}

type Loaded = { list: MethodOutput<'findings.list'> | undefined; error: string | undefined }

/** Loads the findings of `connectionId` matching `filter`; `reload` asks again. */
export function useFindings(connectionId: string, filter: FindingsFilter) {
  const client = useClient()
  const dataVersion = useConnectionsStore((state) => state.dataVersion)
  const [loaded, setLoaded] = useState<Loaded>({ list: undefined, error: undefined })
  const [version, setVersion] = useState(0)
  const reload = useCallback(() => {
    setVersion((current) => current + 1)
  }, [])

  useEffect(
    () =>
      client.subscribe((event) => {
        if (event.name === 'findings.changed' && event.payload.connectionId === connectionId)
          reload()
      }),
    [client, connectionId, reload],
  )

  useEffect(() => {
    let isCurrent = true
    const input: MethodInput<'findings.list'> = {
      connectionId,
      limit: 500,
      ...(filter.severities.length === 3 ? {} : { severities: filter.severities }),
      ...(filter.statuses.length === 3 ? {} : { statuses: filter.statuses }),
      ...(filter.ruleId === 'all' ? {} : { ruleIds: [filter.ruleId] }),
      ...(filter.isNewOnly ? { isNewOnly: true } : {}),
    }
    if (isEmpty(filter)) return
    void client.call('findings.list', input).then((result) => {
      if (!isCurrent) return
      setLoaded(
        result.ok
          ? { list: result.value, error: undefined }
          : { list: undefined, error: result.error.message },
      )
    })
    return () => {
      isCurrent = false
    }
  }, [client, connectionId, filter, version, dataVersion])

  return isEmpty(filter)
    ? { list: undefined, error: 'Choose at least one severity and one status.', reload }
    : { ...loaded, reload }
}

const isEmpty = (filter: FindingsFilter): boolean =>
  filter.severities.length === 0 || filter.statuses.length === 0

/** The rules with their titles and thresholds; `replace` takes a newer answer. */
export function useRules() {
  const client = useClient()
  const [rules, setRules] = useState<RuleSettings[] | undefined>()
  useEffect(() => {
    let isCurrent = true
    void client.call('detections.getSettings', {}).then((result) => {
      if (isCurrent && result.ok) setRules(result.value.rules)
    })
    return () => {
      isCurrent = false
    }
  }, [client])
  return { rules, replace: setRules }
}
