// Where an alert leads: its event in the audit log table, found by the `alert:` qualifier.
import { hashFor, hashWithQuery } from '../../../navigation'

/** The audit log showing exactly the alert's event. */
export const alertEventHash = (alertId: number): string =>
  hashWithQuery('audit-log', `alert:${String(alertId)}`)

/** The alert inbox. */
export const alertInboxHash = `${hashFor('monitoring')}/alerts`
