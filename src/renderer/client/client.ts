// The renderer's single way to the core: window.auditDesk in Electron (the preload bridge), else
// the HTTP transport of browser mode. Views never know which one they use.
import { events, type CoreEvent, type MethodInput, type MethodOutput } from '../../shared/contract'
import type { AuditDeskBridge } from '../../shared/bridge'
import { eventNames, type MethodName } from '../../shared/method-names'
import { fail, type Result } from '../../shared/result'

/** Whether pushed events currently reach the page. */
export type LiveStatus = 'connecting' | 'open' | 'closed'

/** The core as the renderer sees it. */
export interface AuditDeskClient {
  transport: 'electron' | 'http'
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<Result<MethodOutput<M>>>
  /** Listens to core events; returns the function that stops listening. */
  subscribe(
    listener: (event: CoreEvent) => void,
    onStatus?: (status: LiveStatus) => void,
  ): () => void
}

declare global {
  interface Window {
    auditDesk?: AuditDeskBridge
  }
}

/** Parses an untrusted pushed event against the contract; undefined when it does not conform. */
export function parseEvent(name: unknown, payload: unknown): CoreEvent | undefined {
  const known = eventNames.find((candidate) => candidate === name)
  if (known === undefined) return undefined
  const parsed = events[known].safeParse(payload)
  // The payload was parsed by this very event's schema; TypeScript cannot correlate the union.
  return parsed.success ? ({ name: known, payload: parsed.data } as CoreEvent) : undefined
}

/** Builds the client for this page: the Electron bridge when present, else HTTP. */
export function createClient(target: Window = window): AuditDeskClient {
  const bridge = target.auditDesk
  return bridge === undefined
    ? createHttpClient(target.fetch.bind(target))
    : createBridgeClient(bridge)
}

function createBridgeClient(bridge: AuditDeskBridge): AuditDeskClient {
  return {
    transport: 'electron',
    call: <M extends MethodName>(method: M, input: MethodInput<M>) => {
      // The bridge has one function per method; TypeScript cannot correlate the mapped type with M.
      const invoke = bridge[method] as (input: MethodInput<M>) => Promise<Result<MethodOutput<M>>>
      return invoke(input)
    },
    subscribe: (listener, onStatus) => {
      onStatus?.('open')
      return bridge.subscribe((raw) => {
        if (typeof raw !== 'object' || raw === null || !('name' in raw) || !('payload' in raw))
          return
        const event = parseEvent(raw.name, raw.payload)
        if (event !== undefined) listener(event)
      })
    },
  }
}

/** The browser-mode transport: POST /api/invoke for calls, Server-Sent Events for events. */
export function createHttpClient(fetchImpl: typeof fetch, baseUrl = ''): AuditDeskClient {
  return {
    transport: 'http',
    call: async (method, input) => {
      let response: Response
      try {
        response = await fetchImpl(`${baseUrl}/api/invoke`, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ method, input }),
        })
      } catch {
        return fail(
          'host_unreachable',
          'Audit Desk is not reachable. Is `audit-desk serve` still running?',
        )
      }
      return readResult(response)
    },
    subscribe: (listener, onStatus) => {
      const source = new EventSource(`${baseUrl}/api/events`)
      onStatus?.('connecting')
      source.onopen = () => onStatus?.('open')
      source.onerror = () =>
        onStatus?.(source.readyState === EventSource.CLOSED ? 'closed' : 'connecting')
      for (const name of eventNames) {
        source.addEventListener(name, (message: MessageEvent<string>) => {
          const event = parseEvent(name, safeJson(message.data))
          if (event !== undefined) listener(event)
        })
      }
      return () => {
        source.close()
      }
    },
  }
}

async function readResult<T>(response: Response): Promise<Result<T>> {
  const body = safeJson(await response.text())
  if (typeof body === 'object' && body !== null && 'ok' in body) {
    // The body is the dispatcher's Result, produced from the contract's output schema.
    return body as Result<T>
  }
  if (response.status === 401) {
    return fail(
      'unauthorized',
      'This page has no valid browser-mode token. Open the URL that `audit-desk serve` printed.',
    )
  }
  return fail('internal', `Audit Desk answered HTTP ${response.status} without a result.`)
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
