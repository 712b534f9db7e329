import type http from 'node:http'
import type { CoreEvent } from '../shared/contract'

/** Server-Sent Events fan-out: every open page receives every core event. */
export interface EventHub {
  attach(
    request: http.IncomingMessage,
    response: http.ServerResponse,
    headers: Record<string, string>,
  ): void
  broadcast(event: CoreEvent): void
  closeAll(): void
}

const heartbeatMs = 15_000

/** Creates an empty hub. Heartbeat comments keep idle connections from being dropped by proxies. */
export function createEventHub(): EventHub {
  const clients = new Set<http.ServerResponse>()
  let heartbeat: NodeJS.Timeout | undefined
  const stopHeartbeatWhenIdle = () => {
    if (clients.size === 0 && heartbeat !== undefined) {
      clearInterval(heartbeat)
      heartbeat = undefined
    }
  }
  return {
    attach(request, response, headers) {
      response.writeHead(200, {
        ...headers,
        'Content-Type': 'text/event-stream; charset=utf-8',
        Connection: 'keep-alive',
      })
      response.write(': connected\n\n')
      clients.add(response)
      heartbeat ??= setInterval(() => {
        for (const client of clients) client.write(': heartbeat\n\n')
      }, heartbeatMs).unref()
      request.on('close', () => {
        clients.delete(response)
        stopHeartbeatWhenIdle()
      })
    },
    broadcast(event) {
      // JSON.stringify escapes newlines, so one data line always carries one whole event.
      const frame = `event: ${event.name}\ndata: ${JSON.stringify(event.payload)}\n\n`
      for (const client of clients) client.write(frame)
    },
    closeAll() {
      for (const client of clients) client.end()
      clients.clear()
      stopHeartbeatWhenIdle()
    },
  }
}
