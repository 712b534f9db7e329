// The contract's endpoints. A route validates its query (400) and position (410) first and
// returns a thunk that produces the 200 body, so the pipeline can still answer 429 or a fault.
import type { CursorCodec } from './cursor'
import type { FaultInjector } from './faults'
import { ApiError } from './http-response'
import { parseDayRange, parseStreamQuery } from './query'
import type { DayStats, DigestChain, DigestSigner } from './signing'
import type { DemoDatabase, StreamName } from './store'
import { dateText, iso } from './time'

/** Everything the endpoints read and change. */
export type ServerState = {
  now: () => number
  database: DemoDatabase
  codec: CursorCodec
  signer: DigestSigner
  chains: Record<StreamName, DigestChain>
  stats: Record<StreamName, DayStats>
  faults: FaultInjector
  organization: { id: string; name: string }
}

/** A validated request, ready to produce its body. */
export type PreparedResponse = { isStreamPage: boolean; body: () => string }

type Route = (params: URLSearchParams, state: ServerState, now: number) => PreparedResponse

const stream =
  (name: StreamName): Route =>
  (params, state, now) =>
    prepareStreamPage(name, params, state, now)

/** The contract's paths (GET only). */
export const routes: ReadonlyMap<string, Route> = new Map<string, Route>([
  [
    '/v1/organization',
    (_params, state, now) => ({ isStreamPage: false, body: () => organizationBody(state, now) }),
  ],
  ['/v1/audit-events', stream('audit-events')],
  ['/v1/request-logs', stream('request-logs')],
  ['/v1/audit-events/stats', (params, state) => statsRoute('audit-events', params, state)],
  ['/v1/request-logs/stats', (params, state) => statsRoute('request-logs', params, state)],
  [
    '/v1/audit-events/digests',
    (params, state, now) => digestsRoute('audit-events', params, state, now),
  ],
  [
    '/v1/request-logs/digests',
    (params, state, now) => digestsRoute('request-logs', params, state, now),
  ],
  [
    '/v1/signing-keys',
    (_params, state) => ({ isStreamPage: false, body: () => signingKeysBody(state) }),
  ],
])

function organizationBody(state: ServerState, now: number): string {
  const { id, name } = state.organization
  return JSON.stringify({ id, name, plan: 'enterprise', retention_days: 90, server_time: iso(now) })
}

function prepareStreamPage(
  name: StreamName,
  params: URLSearchParams,
  state: ServerState,
  now: number,
): PreparedResponse {
  const query = parseStreamQuery(params)
  const store = state.database.streams[name]
  let position = store.minSeq - 1
  let hasCursor = false
  if (query.cursor !== null) {
    const decoded = state.codec.decode(query.cursor, name)
    if (!decoded.ok)
      throw new ApiError(400, 'invalid_request', `Invalid cursor: ${decoded.message}.`)
    if (decoded.seq > store.maxSeq) {
      throw new ApiError(
        400,
        'invalid_request',
        'Invalid cursor: it points past the end of this stream (it was issued by another run of the demo server).',
      )
    }
    position = decoded.seq
    hasCursor = true
    if (state.faults.isCursorExpiry()) {
      dropOldest(name, state, Math.min(position + 100, store.maxSeq), now)
      throw cursorExpired(state, name, now)
    }
    if (position + 1 < store.minSeq) throw cursorExpired(state, name, now)
  } else if (query.since !== null) {
    position = store.firstSeqRecordedFrom(query.since) - 1
  }
  return {
    isStreamPage: true,
    body: () => pageBody(name, state, { position, limit: query.limit, hasCursor }, now),
  }
}

/** Retention, as the expire-cursor fault triggers it: seal what is due, then drop the oldest. */
function dropOldest(name: StreamName, state: ServerState, throughSeq: number, now: number): void {
  state.chains[name].sealUpTo(now)
  state.stats[name].forget(state.database.streams[name].dropThrough(throughSeq))
}

function cursorExpired(state: ServerState, name: StreamName, now: number): ApiError {
  const oldest = oldestAvailableAt(state, name, now)
  return new ApiError(
    410,
    'cursor_expired',
    `The cursor is older than retention: events after it were removed. Restart with since=${oldest}.`,
    { oldest_available_at: oldest },
  )
}

function oldestAvailableAt(state: ServerState, name: StreamName, now: number): string {
  return iso(state.database.streams[name].oldestRecordedAt() ?? now)
}

function pageBody(
  name: StreamName,
  state: ServerState,
  request: { position: number; limit: number; hasCursor: boolean },
  now: number,
): string {
  const store = state.database.streams[name]
  const { position, limit } = request
  // The repeat fault re-delivers up to 5 events before the cursor (never the whole page).
  const repeated = request.hasCursor
    ? Math.max(0, Math.min(state.faults.repeatCount(), limit - 1, position - store.minSeq + 1))
    : 0
  const rows = store.page(position - repeated, limit)
  const next = Math.max(rows[rows.length - 1]?.seq ?? position, position)
  const data = rows.map((row) => row.json).join(',')
  const cursor = JSON.stringify(state.codec.encode(name, next))
  return `{"data":[${data}],"next_cursor":${cursor},"has_more":${next < store.maxSeq},"oldest_available_at":"${oldestAvailableAt(state, name, now)}"}`
}

function statsRoute(
  name: StreamName,
  params: URLSearchParams,
  state: ServerState,
): PreparedResponse {
  const { fromDay, toDay } = parseDayRange(params)
  return {
    isStreamPage: false,
    body: () => {
      const days = []
      for (let day = fromDay; day <= toDay; day++) {
        const { count, idsSha256 } = state.stats[name].of(day)
        days.push({ date: dateText(day), count, ids_sha256: idsSha256 })
      }
      return JSON.stringify({ days })
    },
  }
}

function digestsRoute(
  name: StreamName,
  params: URLSearchParams,
  state: ServerState,
  now: number,
): PreparedResponse {
  const { fromDay, toDay } = parseDayRange(params)
  return {
    isStreamPage: false,
    body: () => {
      state.chains[name].sealUpTo(now)
      return JSON.stringify({
        server_time: iso(now),
        days: state.chains[name].list(fromDay, toDay),
      })
    },
  }
}

function signingKeysBody(state: ServerState): string {
  return JSON.stringify({
    keys: [
      {
        key_id: state.signer.keyId,
        algorithm: 'Ed25519',
        public_key_pem: state.signer.publicKeyPem,
      },
    ],
  })
}
