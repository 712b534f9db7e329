import type { MethodInput, MethodOutput } from './contract'
import type { MethodName } from './method-names'
import type { Result } from './result'

/** Receives every core event (untrusted until the renderer client parses it). */
export type BridgeEventListener = (event: unknown) => void

/** What the preload exposes on `window.auditDesk`: one function per method, and events. */
export type AuditDeskBridge = {
  [M in MethodName]: (input: MethodInput<M>) => Promise<Result<MethodOutput<M>>>
} & { subscribe: (listener: BridgeEventListener) => () => void }
