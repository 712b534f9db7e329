/**
 * What a Settings form says after a save: its error (an alert, referenced by the field through
 * `errorId`) or its notice (a status), each only when there is one.
 */
export function FormMessages(props: {
  error: string | undefined
  errorId: string
  notice: string | undefined
}) {
  return (
    <>
      {props.error !== undefined && (
        <p id={props.errorId} className="form-error" role="alert">
          {props.error}
        </p>
      )}
      {props.notice !== undefined && (
        <p className="form-notice" role="status">
          {props.notice}
        </p>
      )}
    </>
  )
}
