// The audit period from Settings as a time range of the log views.
import { useEffect, useState } from 'react'
import type { AuditPeriod } from '../../../shared/sync-status-schemas'
import { useClient } from '../../client/ClientContext'

const dayMs = 86_400_000

/** The period's range: from 00:00 UTC on its first day to 00:00 UTC after its last (excluded). */
export function auditPeriodRange(period: AuditPeriod): { from: number; to: number } {
  return {
    from: Date.parse(`${period.from}T00:00:00Z`),
    to: Date.parse(`${period.to}T00:00:00Z`) + dayMs,
  }
}

/** The audit period set in Settings: null when none is, undefined until it is read. */
export function useAuditPeriod(): AuditPeriod | null | undefined {
  const client = useClient()
  const [period, setPeriod] = useState<AuditPeriod | null | undefined>()
  useEffect(() => {
    let isCurrent = true
    void client.call('settings.get', {}).then((result) => {
      if (isCurrent) setPeriod(result.ok ? (result.value.auditPeriod ?? null) : null)
    })
    return () => {
      isCurrent = false
    }
  }, [client])
  return period
}
