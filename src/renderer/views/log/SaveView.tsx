import { useState } from 'react'
import type { Stream } from '../../../shared/filter'
import { useClient } from '../../client/ClientContext'
import { useViewsStore } from '../../state/views-store'

/** Saves the current query under a name (stored in the cache, listed in the sidebar). */
export function SaveView(props: { stream: Stream; query: string }) {
  const client = useClient()
  const save = useViewsStore((state) => state.save)
  const [isOpen, setOpen] = useState(false)
  const [name, setName] = useState('')
  const [message, setMessage] = useState<string | undefined>()
  if (!isOpen)
    return (
      <button
        type="button"
        className="button"
        onClick={() => {
          setOpen(true)
          setMessage(undefined)
        }}
        data-testid="save-view"
      >
        Save view
      </button>
    )
  return (
    <form
      className="save-view"
      onSubmit={(event) => {
        event.preventDefault()
        void save(client, { stream: props.stream, name, query: props.query }).then((error) => {
          if (error !== undefined) {
            setMessage(error.message)
            return
          }
          setOpen(false)
          setName('')
          setMessage(undefined)
        })
      }}
    >
      <input
        aria-label="View name"
        placeholder="Name of this view"
        value={name}
        maxLength={120}
        required
        autoFocus
        onChange={(event) => {
          setName(event.target.value)
        }}
        data-testid="save-view-name"
      />
      <button type="submit" className="button primary" data-testid="save-view-submit">
        Save
      </button>
      <button
        type="button"
        className="button"
        onClick={() => {
          setOpen(false)
        }}
      >
        Cancel
      </button>
      {message !== undefined && (
        <span className="form-error" role="alert">
          {message}
        </span>
      )}
    </form>
  )
}
