// Being written: replaced by the findings panel of issue 6 before it lands.
export function FindingsPanel(props: { connectionId: string }) {
  return <p className="muted">findings for {props.connectionId}</p>
}
