import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { parseDigests, parseRetentionBound, parseSigningKeys, parseStats } from './server-answers'

const bytes = (value: unknown): Uint8Array => Buffer.from(JSON.stringify(value))
const hash = 'a'.repeat(64)

describe('the server’s answers', () => {
  it('reads stats by day and refuses malformed ones', () => {
    const days = parseStats(bytes({ days: [{ date: '2026-11-01', count: 3, ids_sha256: hash }] }))
    expect([...(days ?? new Map()).values()]).toEqual([{ count: 3, idsSha256: hash }])
    expect(
      parseStats(bytes({ days: [{ date: '2026-11-31', count: 3, ids_sha256: hash }] })),
    ).toBeUndefined()
    expect(
      parseStats(bytes({ days: [{ date: '2026-11-01', count: -1, ids_sha256: hash }] })),
    ).toBeUndefined()
    expect(parseStats(Buffer.from('not json'))).toBeUndefined()
  })

  it('reads digests with the server time and refuses an unparsable time', () => {
    const day = {
      date: '2026-11-01',
      count: 0,
      events_sha256: hash,
      previous_signature: '',
      key_id: 'k',
      signature: 'c2ln',
      stream: 'audit-events',
    }
    expect(
      parseDigests(bytes({ server_time: '2026-11-05T00:00:00.000Z', days: [day] }))?.digests,
    ).toHaveLength(1)
    expect(parseDigests(bytes({ server_time: 'yesterday', days: [day] }))).toBeUndefined()
  })

  it('keeps only usable Ed25519 keys', () => {
    const pem = generateKeyPairSync('ed25519')
      .publicKey.export({ format: 'pem', type: 'spki' })
      .toString()
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .publicKey.export({ format: 'pem', type: 'spki' })
      .toString()
    const keys = parseSigningKeys(
      bytes({
        keys: [
          { key_id: 'good', algorithm: 'Ed25519', public_key_pem: pem },
          { key_id: 'rsa', algorithm: 'Ed25519', public_key_pem: rsa },
          { key_id: 'other', algorithm: 'ES256', public_key_pem: pem },
          { key_id: 'junk', algorithm: 'Ed25519', public_key_pem: 'junk' },
        ],
      }),
    )
    expect([...(keys?.keys() ?? [])]).toEqual(['good'])
  })

  it('knows the server dropped nothing while it still has seq 1', () => {
    const page = (seq: number) =>
      bytes({
        data: [{ seq }],
        next_cursor: 'c',
        has_more: true,
        oldest_available_at: '2026-11-01T00:00:00.000Z',
      })
    expect(parseRetentionBound(page(1))).toEqual({ droppedBefore: null })
    expect(parseRetentionBound(page(7))).toEqual({ droppedBefore: Date.UTC(2026, 10, 1) })
  })
})
