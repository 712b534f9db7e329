import type {
  DetectionRuleId,
  FindingSeverity,
  FindingStatus,
  RuleSettings,
} from '../../../../shared/findings-schemas'
import { statusWords } from './finding-text'
import type { FindingsFilter } from './use-findings'

const severities: FindingSeverity[] = ['high', 'medium', 'low']
const statuses: FindingStatus[] = ['open', 'acknowledged', 'false_positive']

const toggled = <T,>(list: readonly T[], value: T, isOn: boolean): T[] =>
  isOn ? [...list, value] : list.filter((each) => each !== value)

/** Filters of the findings list: severity, status, rule, and new since the last review. */
export function FindingFilters(props: {
  filter: FindingsFilter
  rules: readonly RuleSettings[] | undefined
  onChange: (next: FindingsFilter) => void
}) {
  const { filter, onChange } = props
  return (
    <div className="finding-filters" data-testid="finding-filters">
      <fieldset>
        <legend>Severity</legend>
        {severities.map((severity) => (
          <label key={severity}>
            <input
              type="checkbox"
              checked={filter.severities.includes(severity)}
              onChange={(event) => {
                onChange({
                  ...filter,
                  severities: toggled(filter.severities, severity, event.target.checked),
                })
              }}
              data-testid={`finding-filter-severity-${severity}`}
            />
            {severity[0]?.toUpperCase()}
            {severity.slice(1)}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Status</legend>
        {statuses.map((status) => (
          <label key={status}>
            <input
              type="checkbox"
              checked={filter.statuses.includes(status)}
              onChange={(event) => {
                onChange({
                  ...filter,
                  statuses: toggled(filter.statuses, status, event.target.checked),
                })
              }}
              data-testid={`finding-filter-status-${status}`}
            />
            {statusWords[status]}
          </label>
        ))}
      </fieldset>
      <label className="finding-filter-rule">
        Rule{' '}
        <select
          value={filter.ruleId}
          onChange={(event) => {
            // The options are "all" and the rules' ids.
            onChange({ ...filter, ruleId: event.target.value as DetectionRuleId | 'all' })
          }}
          data-testid="finding-filter-rule"
        >
          <option value="all">All rules</option>
          {(props.rules ?? []).map((rule) => (
            <option key={rule.id} value={rule.id}>
              {rule.title}
            </option>
          ))}
        </select>
      </label>
      <label>
        <input
          type="checkbox"
          checked={filter.isNewOnly}
          onChange={(event) => {
            onChange({ ...filter, isNewOnly: event.target.checked })
          }}
          data-testid="finding-filter-new"
        />
        New since last review only
      </label>
    </div>
  )
}
