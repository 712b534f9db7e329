// Builders of contract-shaped events and pages for tests of the sync engine.

/** A valid audit event with the given seq; fields can be overridden. */
export function auditEventJson(
  seq: number,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id: `evt_${String(seq).padStart(6, '0')}`,
    seq,
    occurred_at: new Date(Date.UTC(2026, 10, 1) + seq * 60_000).toISOString(),
    recorded_at: new Date(Date.UTC(2026, 10, 1) + seq * 60_000 + 250).toISOString(),
    action: 'user.signed_in',
    category: 'authentication',
    actor: { type: 'user', id: 'usr_1', email: 'ana@acme.example', name: 'Ana Ruiz' },
    resource: null,
    ip_address: '203.0.113.7',
    user_agent: 'Mozilla/5.0',
    status: 'success',
    failure_reason: null,
    metadata: {},
    ...overrides,
  }
}

/** A valid request log entry with the given seq. */
export function requestLogJson(
  seq: number,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id: `req_${String(seq).padStart(6, '0')}`,
    seq,
    occurred_at: new Date(Date.UTC(2026, 10, 1) + seq * 1000).toISOString(),
    recorded_at: new Date(Date.UTC(2026, 10, 1) + seq * 1000 + 5).toISOString(),
    method: 'POST',
    endpoint: '/v1/documents/generate',
    status_code: 200,
    duration_ms: 183,
    api_key: { id: 'key_1', last4: '9f2c', name: 'CI pipeline' },
    ip_address: '198.51.100.4',
    user_agent: 'acme-sdk/2.1',
    error_code: null,
    ...overrides,
  }
}

/** A page envelope around the given events, as UTF-8 bytes. */
export function pageBytes(data: unknown[], overrides: Record<string, unknown> = {}): Uint8Array {
  return new TextEncoder().encode(
    JSON.stringify({
      data,
      next_cursor: 'cur_next',
      has_more: false,
      oldest_available_at: '2026-08-27T00:00:00.000Z',
      ...overrides,
    }),
  )
}
