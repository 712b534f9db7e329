import { SafeText } from '../log/LogValue'
import { formatUtc } from '../../format'

/** A tag or label as a chip: its text (log-safe), who added it and when, and a remove button. */
export function Chip(props: {
  text: string
  author: string
  at: number
  kind: 'tag' | 'label'
  onRemove: () => void
}) {
  const { text, kind } = props
  return (
    <li
      className={`annotation-chip annotation-${kind}`}
      data-testid={`${kind}-chip`}
      title={`Added by ${props.author}, ${formatUtc(props.at)}`}
    >
      <SafeText value={text} maxLength={64} />
      <button
        type="button"
        className="annotation-chip-remove"
        aria-label={`Remove ${kind} ${text}`}
        onClick={props.onRemove}
      >
        ×
      </button>
    </li>
  )
}
