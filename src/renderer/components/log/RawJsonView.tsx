import { useId, useMemo, useState } from 'react'
import { SafeText } from './LogValue'
import { copyExact, formatRawJson, type CopyOutcome } from './raw-json'

/**
 * The event's raw JSON: formatted for reading (token by token, values untouched) or exactly as
 * stored, and a Copy button that copies the exact stored text. Remount it (key) for another event.
 */
export function RawJsonView(props: { raw: string | undefined }) {
  const { raw } = props
  const headingId = useId()
  const [view, setView] = useState<'formatted' | 'stored'>('formatted')
  const [outcome, setOutcome] = useState<CopyOutcome | undefined>(undefined)
  const formatted = useMemo(() => (raw === undefined ? undefined : formatRawJson(raw)), [raw])
  const isFormatted = view === 'formatted' && formatted !== undefined
  const shown = isFormatted ? formatted : raw

  const copy = async () => {
    if (raw === undefined) return
    // Typed as always present, but undefined outside a secure context.
    const clipboard = navigator.clipboard as Clipboard | undefined
    setOutcome(await copyExact(raw, clipboard))
  }

  return (
    <section className="ev-detail-section" aria-labelledby={headingId}>
      <div className="ev-raw-bar">
        <h3 id={headingId}>Raw JSON</h3>
        <div className="ev-segmented" role="group" aria-label="Raw JSON view">
          <button
            type="button"
            aria-pressed={view === 'formatted'}
            disabled={formatted === undefined}
            onClick={() => {
              setView('formatted')
            }}
          >
            Formatted
          </button>
          <button
            type="button"
            aria-pressed={view === 'stored'}
            onClick={() => {
              setView('stored')
            }}
          >
            As stored
          </button>
        </div>
        <button
          type="button"
          className="ev-button"
          data-testid="copy-raw"
          disabled={raw === undefined}
          onClick={() => {
            void copy()
          }}
        >
          Copy
        </button>
      </div>
      <p className="ev-muted ev-raw-note">
        {raw !== undefined && formatted === undefined
          ? 'This text is not valid JSON; it is shown exactly as stored. '
          : ''}
        Invisible and direction-changing characters are shown as ⟨U+…⟩; Copy gives the exact stored
        text.
      </p>
      <div role="status" className="ev-copy-status">
        {outcome === 'copied' &&
          `Copied the exact stored text (${String(raw?.length ?? 0)} characters).`}
      </div>
      {(outcome === 'unavailable' || outcome === 'failed') && raw !== undefined && (
        <CopyFallback raw={raw} />
      )}
      {shown === undefined ? (
        <p className="ev-muted" role="status">
          Loading the raw JSON…
        </p>
      ) : (
        <pre className="ev-raw" data-testid="raw-json" tabIndex={0} aria-label="Raw JSON">
          <SafeText value={shown} keepLineBreaks />
        </pre>
      )}
    </section>
  )
}

/** When the clipboard refuses: the exact text, selected, for the reviewer to copy by hand. */
function CopyFallback(props: { raw: string }) {
  return (
    <div className="ev-copy-fallback" role="alert">
      <p>
        The clipboard is not available here. The exact stored text is selected below: press Ctrl+C
        (⌘C on macOS) to copy it.
      </p>
      <textarea
        readOnly
        aria-label="Exact stored raw JSON"
        value={props.raw}
        rows={4}
        ref={(element) => {
          element?.select()
        }}
      />
    </div>
  )
}
