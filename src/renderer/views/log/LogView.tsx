import type { ReactNode } from 'react'
import type { Stream } from '../../../shared/filter'
import type { ViewId } from '../../navigation'
import { useConnectionsStore } from '../../state/connections-store'
import { FirstRun } from '../connections/FirstRun'
import { LogExplorer } from './LogExplorer'

/** A log view of the active organization: its empty state and the first-run screen before any
 * organization is connected, the explorer after. */
export function LogView(props: { stream: Stream; view: ViewId; empty: ReactNode }) {
  const connections = useConnectionsStore((state) => state.connections)
  if (connections === undefined) return props.empty
  if (connections.length === 0)
    return (
      <>
        {props.empty}
        <FirstRun />
      </>
    )
  return <LogExplorer stream={props.stream} view={props.view} />
}
