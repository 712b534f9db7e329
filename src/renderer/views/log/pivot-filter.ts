// Turns a detail-panel pivot into the filter it stands for, keeping the stream's own meaning of
// fields (an API key is `actor` in the audit log, `apiKey` in the request log).
import type { QueryFilter } from '../../../shared/query-language'
import type { Pivot, Stream } from '../../components/log/types'

/** The filter a pivot asks for; it replaces the current one (a pivot is a new question). */
export function pivotFilter(stream: Stream, pivot: Pivot): QueryFilter {
  switch (pivot.kind) {
    case 'actor':
      return { actor: pivot.value }
    case 'ip':
      return { ip: pivot.value }
    case 'apiKey':
      return stream === 'request-logs' ? { apiKey: pivot.value } : { actor: pivot.value }
    case 'resource':
      return { resourceType: pivot.type, resourceId: pivot.id }
    case 'around':
      return { from: pivot.at - pivot.minutes * 60_000, to: pivot.at + pivot.minutes * 60_000 + 1 }
  }
}
