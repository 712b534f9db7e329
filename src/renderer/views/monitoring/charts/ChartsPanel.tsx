// Being written: replaced by the charts panel of issue 6 before it lands.
export function ChartsPanel(props: { connectionId: string }) {
  return <p className="muted">charts for {props.connectionId}</p>
}
