import { EmptyState } from '../components/EmptyState'
import { LogView } from './log/LogView'
import { hashFor } from '../navigation'
import { CachePath } from './CachePath'

/** The organization's audit log. Empty until an organization has been synced. */
function NoEvents() {
  return (
    <EmptyState
      testId="empty-audit-log"
      heading="No audit events in this cache yet"
      what={
        <>
          Every entry of your organization&apos;s audit log appears here: sign-ins and failed
          logins, organization and member changes, projects, templates, API keys, API usage, role
          and billing changes, each with its time in UTC, actor, action, resource, IP address, user
          agent and status. You can filter them offline, open any event in full, and export exactly
          what you filtered.
        </>
      }
      how={
        <p>
          Connect your organization under Connections with its API base URL and an API key that has
          the <code>audit_logs:read</code> scope. Audit Desk then copies the log into the local
          cache <CachePath /> and keeps it after the server&apos;s 90-day retention.
        </p>
      }
      action={{ label: 'Go to Connections', href: hashFor('connections') }}
    />
  )
}

/** The audit log of the active organization; the first-run screen before any is connected. */
export function AuditLogView() {
  return <LogView stream="audit-events" view="audit-log" empty={<NoEvents />} />
}
