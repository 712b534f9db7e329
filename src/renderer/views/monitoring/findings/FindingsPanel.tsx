import { useState } from 'react'
import type { Finding } from '../../../../shared/findings-schemas'
import { useClient } from '../../../client/ClientContext'
import { formatCount, formatUtc } from '../../../format'
import { FindingCard } from './FindingCard'
import { FindingFilters } from './FindingFilters'
import { RuleSettingsList } from './RuleSettingsList'
import { defaultFilter, useFindings, useRules, type FindingsFilter } from './use-findings'
import './findings.css'
import { isListCut, unknownRulesText } from './finding-text'

/**
 * The detections' findings for a connection: what is new since the last review (and marking the
 * list reviewed), filters by severity, status and rule, each finding with its evidence and
 * review, and the rules with their thresholds.
 */
export function FindingsPanel(props: { connectionId: string }) {
  const { connectionId } = props
  const client = useClient()
  const [filter, setFilter] = useState<FindingsFilter>(defaultFilter)
  const { list, error, reload } = useFindings(connectionId, filter)
  const { rules, replace } = useRules()
  const [notice, setNotice] = useState<{ text: string; isError: boolean } | undefined>()
  const [isBusy, setBusy] = useState(false)

  const act = async (work: () => Promise<{ text: string; isError: boolean }>) => {
    setBusy(true)
    setNotice(await work())
    setBusy(false)
    reload()
  }
  const markReviewed = () =>
    act(async () => {
      const result = await client.call('findings.markReviewed', { connectionId })
      return result.ok
        ? {
            text: `Marked reviewed at ${formatUtc(result.value.reviewedAt)} by ${result.value.reviewedBy}.`,
            isError: false,
          }
        : { text: result.error.message, isError: true }
    })
  const runNow = () =>
    act(async () => {
      const result = await client.call('detections.run', { connectionId })
      return result.ok
        ? {
            text: `Detections ran ${result.value.isFull ? 'over every event' : 'over the new events'} in ${formatCount(result.value.durationMs)} ms: ${formatCount(result.value.added)} new finding${result.value.added === 1 ? '' : 's'}.`,
            isError: false,
          }
        : { text: result.error.message, isError: true }
    })
  const changed = (_next: Finding) => {
    reload()
  }

  return (
    <section className="findings" data-testid="findings" aria-label="Findings">
      <div className="findings-summary">
        <p data-testid="findings-summary">
          {list === undefined
            ? 'Reading the findings…'
            : summaryText(
                list.total,
                list.newCount,
                list.reviewedAt,
                list.reviewedBy,
                list.lastRunAt,
              )}
        </p>
        <button
          type="button"
          className="button primary"
          disabled={isBusy || list === undefined}
          onClick={() => void markReviewed()}
          data-testid="findings-mark-reviewed"
        >
          Mark all reviewed
        </button>
        <button
          type="button"
          className="button"
          disabled={isBusy}
          onClick={() => void runNow()}
          data-testid="findings-run"
        >
          Run detections now
        </button>
      </div>
      {notice !== undefined && (
        <p
          className={notice.isError ? 'form-error' : 'form-notice'}
          role="status"
          data-testid="findings-notice"
        >
          {notice.text}
        </p>
      )}
      <FindingFilters filter={filter} rules={rules} onChange={setFilter} />
      {error !== undefined && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {list?.findings.length === 0 && (
        <p className="muted" data-testid="findings-empty">
          No findings match these filters.
          {list.lastRunAt === null ? ' The detections run after each sync; none has run yet.' : ''}
        </p>
      )}
      {list !== undefined && list.findings.length > 0 && (
        <ol className="finding-list" data-testid="finding-list">
          {list.findings.map((finding) => (
            <FindingCard
              key={`${finding.id}:${String(finding.statusAt)}`}
              finding={finding}
              rule={rules?.find((rule) => rule.id === finding.ruleId)}
              onChanged={changed}
            />
          ))}
        </ol>
      )}
      {list !== undefined && isListCut(list) && (
        <p className="muted">
          Showing the newest {formatCount(list.findings.length)} of {formatCount(list.total)};
          narrow the filters to see the others.
        </p>
      )}
      {list?.unknownRuleCount !== undefined && (
        <p className="form-error" role="status" data-testid="findings-unknown-rules">
          {unknownRulesText(list.unknownRuleCount)}
        </p>
      )}
      {rules !== undefined && <RuleSettingsList rules={rules} onSaved={replace} />}
    </section>
  )
}

function summaryText(
  total: number,
  fresh: number,
  reviewedAt: number | null,
  reviewedBy: string | null,
  lastRunAt: number | null,
): string {
  const count = `${formatCount(total)} finding${total === 1 ? '' : 's'} match the filters`
  const review =
    reviewedAt === null
      ? `${formatCount(fresh)} new: the list was never marked reviewed`
      : `${formatCount(fresh)} new since the review at ${formatUtc(reviewedAt)} by ${reviewedBy ?? 'unknown'}`
  const run =
    lastRunAt === null ? 'the detections have not run yet' : `last run ${formatUtc(lastRunAt)}`
  return `${count}; ${review}; ${run}.`
}
