import { useState } from 'react'
import type { ConnectionSummary, MethodOutput } from '../../../shared/contract'
import { useClient } from '../../client/ClientContext'
import { formatCount } from '../../format'
import { CoverageCalendar } from './CoverageCalendar'
import { CoverageLegend } from './CoverageLegend'
import './coverage.css'

type Message = { text: string; isError: boolean }

const streamTitles = { 'audit-events': 'Audit log', 'request-logs': 'API requests' } as const

/**
 * A connection's coverage: "Verify now" (every day of both streams against the server), the
 * legend, and a calendar per stream.
 */
export function CoverageSection(props: { connection: ConnectionSummary }) {
  const { connection } = props
  const client = useClient()
  const [isVerifying, setVerifying] = useState(false)
  const [message, setMessage] = useState<Message | undefined>()
  const [version, setVersion] = useState(0)

  const verify = async () => {
    setVerifying(true)
    setMessage(undefined)
    const result = await client.call('coverage.verify', { connectionId: connection.id })
    setMessage(
      result.ok ? verifySummary(result.value) : { text: result.error.message, isError: true },
    )
    setVerifying(false)
    setVersion((current) => current + 1)
  }

  const cannotVerify = connection.isSyncing
    ? 'A sync is running; verify once it ends.'
    : connection.canSync
      ? undefined
      : 'Verifying asks the server, which needs this session to have the key.'
  return (
    <section className="coverage" aria-labelledby={`coverage-${connection.id}`}>
      <div className="coverage-header">
        <h3 id={`coverage-${connection.id}`}>Coverage by day (UTC)</h3>
        <button
          type="button"
          className="button"
          disabled={isVerifying || cannotVerify !== undefined}
          onClick={() => void verify()}
          data-testid="coverage-verify"
        >
          {isVerifying ? 'Verifying…' : 'Verify now'}
        </button>
        {cannotVerify !== undefined && <span className="muted">{cannotVerify}</span>}
      </div>
      {message !== undefined && (
        <p
          className={message.isError ? 'form-error' : 'form-notice'}
          role="status"
          data-testid="coverage-verify-outcome"
        >
          {message.text}
        </p>
      )}
      <CoverageLegend />
      <div className="coverage-calendars">
        <CoverageCalendar connectionId={connection.id} stream="audit-events" version={version} />
        <CoverageCalendar connectionId={connection.id} stream="request-logs" version={version} />
      </div>
    </section>
  )
}

function verifySummary(value: MethodOutput<'coverage.verify'>): Message {
  let isError = false
  const parts = value.streams.map((stream) => {
    const title = streamTitles[stream.stream]
    if (!stream.ok) {
      isError = true
      return `${title}: not verified (${stream.error.message})`
    }
    if (stream.mismatched > 0) isError = true
    const signed = stream.isSigned ? ', signatures checked' : ''
    return `${title}: ${formatCount(stream.verified)} days verified, ${formatCount(stream.mismatched)} mismatched, ${formatCount(stream.unverified)} unverified${signed}`
  })
  return { text: `${parts.join('. ')}.`, isError }
}
