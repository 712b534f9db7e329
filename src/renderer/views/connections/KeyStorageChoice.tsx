import { useId } from 'react'
import type { SecretStorage } from '../../../shared/secret-schemas'
import { keyStorageText } from './key-storage-text'

/**
 * Where the new key will be kept, in plain words; where the system has no secret store, an
 * explicit choice between this session only (preselected) and a readable copy on disk.
 */
export function KeyStorageChoice(props: {
  status: SecretStorage
  isWeakAllowed: boolean
  onWeakAllowedChange: (isAllowed: boolean) => void
}) {
  const name = useId()
  const { text, needsChoice } = keyStorageText(props.status)
  return (
    <div
      className={needsChoice ? 'key-storage is-weak' : 'key-storage'}
      data-testid="key-storage"
      data-storage={props.status.storage}
    >
      <p>{text}</p>
      {needsChoice && (
        <fieldset className="key-storage-choice">
          <legend className="sr-only">Where to keep the API key</legend>
          <label>
            <input
              type="radio"
              name={name}
              checked={!props.isWeakAllowed}
              onChange={() => {
                props.onWeakAllowedChange(false)
              }}
              data-testid="key-session-only"
            />
            Keep it for this session only (enter it again after a restart)
          </label>
          <label>
            <input
              type="radio"
              name={name}
              checked={props.isWeakAllowed}
              onChange={() => {
                props.onWeakAllowedChange(true)
              }}
              data-testid="key-allow-weak"
            />
            Store it unencrypted on this computer
          </label>
        </fieldset>
      )}
      {props.status.problems.map((problem) => (
        <p key={problem} className="key-storage-problem" role="alert">
          {problem}
        </p>
      ))}
    </div>
  )
}
