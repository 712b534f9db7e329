import { EmptyState } from '../components/EmptyState'
import { hashFor } from '../navigation'

/** Exports and audit packs. Empty while the cache holds no events. */
export function ExportsView() {
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
