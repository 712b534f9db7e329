import { EmptyState } from '../components/EmptyState'
import { hashFor } from '../navigation'
import { useConnectionsStore } from '../state/connections-store'
import { ActivityLog } from './exports/ActivityLog'
import { useExportEvents } from './exports/export-jobs-store'
import { JobsList } from './exports/JobsList'
import { PackForm } from './exports/PackForm'
import { SigningKey } from './exports/SigningKey'
import { useAuditPeriod } from './log/audit-period'
import './exports/exports.css'

/** Exports and audit packs: the pack form, the jobs, the reviewer activity log and the signing
 * key. Empty while no connected organization has events in the cache. */
export function ExportsView() {
  const connections = useConnectionsStore((state) => state.connections)
  const activeId = useConnectionsStore((state) => state.activeId)
  const withEvents = (connections ?? []).filter((connection) =>
    connection.streams.some((stream) => stream.events > 0),
  )
  const chosen = withEvents.find((connection) => connection.id === activeId) ?? withEvents[0]
  if (chosen === undefined) return <NothingToExport />
  return <Exports connectionId={chosen.id} />
}

function Exports(props: { connectionId: string }) {
  useExportEvents()
  const auditPeriod = useAuditPeriod()
  return (
    <section className="exports" data-testid="exports">
      <p className="muted">
        To export exactly what you filtered, use Export… in the Audit log or API requests view.
      </p>
      <h2>Build an audit pack</h2>
      <p className="muted">
        One zip for an audit period: the events as CSV, XLSX and JSON Lines, a summary workbook, a
        manifest of every count and transformation, SHA256SUMS and a signature, with a README on how
        to verify it.
      </p>
      {auditPeriod === undefined ? (
        <p className="muted">Reading the audit period…</p>
      ) : (
        <PackForm connectionId={props.connectionId} auditPeriod={auditPeriod} />
      )}
      <h2>Jobs</h2>
      <JobsList />
      <h2>Reviewer activity</h2>
      <ActivityLog />
      <h2>Signing key</h2>
      <SigningKey />
    </section>
  )
}

function NothingToExport() {
  return (
    <EmptyState
      testId="empty-exports"
      heading="Nothing to export yet"
      what={
        <>
          Export exactly the events you filtered as CSV, XLSX or JSON Lines, or build an audit pack
          for an audit period: one zip with the data, a summary, a manifest of every count and
          transformation, checksums and a signature an auditor can verify with standard tools. Every
          export you make is listed here.
        </>
      }
      how={
        <p>
          Exports read from the local cache. Once an organization is connected and synced, filter
          the Audit log or API requests view and export from there, or build a pack here.
        </p>
      }
      action={{ label: 'Go to Connections', href: hashFor('connections') }}
    />
  )
}
