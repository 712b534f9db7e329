// Being written: replaced by the alerts panel of issue 6 before it lands.
export function AlertsPanel(props: { connectionId: string }) {
  return <p className="muted">alerts for {props.connectionId}</p>
}
