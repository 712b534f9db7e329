import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { EventRow } from '../query/event-query'
import { auditEventJson, requestLogJson } from '../sync/test-events'
import { createPseudonymiser } from './pseudonyms'
import { createRedaction, createValueRedaction } from './redaction'

const keyA = Buffer.alloc(32, 1)
const keyB = Buffer.alloc(32, 2)

function auditRow(email: string, ip: string, metadataText: string): EventRow {
  const json = auditEventJson(1, {
    actor: { type: 'user', id: 'usr_1', email, name: 'Ana Ruiz' },
    ip_address: ip,
    user_agent: 'Mozilla/5.0',
    metadata: { note: metadataText, [email]: [ip], nested: { from: `${ip}.` } },
  })
  return {
    rowId: 1,
    id: String(json.id),
    seq: 1,
    occurredAt: 0,
    raw: JSON.stringify(json),
    columns: {
      actor_email: email,
      actor_name: 'Ana Ruiz',
      ip_address: ip,
      user_agent: 'Mozilla/5.0',
      failure_reason: `blocked ${ip} for ${email}`,
    },
  }
}

const everything = (row: EventRow): string => `${row.raw}\n${JSON.stringify(row.columns)}`
const emails = fc.emailAddress()
const ips = fc.oneof(
  fc.ipV4(),
  fc.ipV6().filter((ip) => ip.length >= 6),
)

describe('redaction of audit pack events', () => {
  it('leaves no e-mail or IP address anywhere in the event when pseudonymised', () => {
    fc.assert(
      fc.property(emails, ips, emails, ips, (email, ip, otherEmail, otherIp) => {
        const redaction = createRedaction('pseudonymised', 'audit-events', keyA)
        const row = auditRow(email, ip, `mail ${otherEmail}, from ${otherIp}; again ${email}`)
        const out = redaction.apply(row)
        const text = everything(out).toLowerCase()
        for (const value of [email, ip, otherEmail, otherIp])
          expect(text).not.toContain(value.toLowerCase())
        const raw = JSON.parse(out.raw) as { actor: { email: string }; ip_address: string }
        // Columns and raw JSON carry the same pseudonyms.
        expect(out.columns.actor_email).toBe(raw.actor.email)
        expect(out.columns.ip_address).toBe(raw.ip_address)
        expect(raw.actor.email).toMatch(/^user-[0-9a-f]{16}@pseudonym\.invalid$/)
        expect(raw.ip_address).toMatch(/^ip-[0-9a-f]{16}$/)
        expect(out.columns.actor_name).toBe('Ana Ruiz')
        const counts = redaction.counts()
        expect(counts.emails_pseudonymised).toBeGreaterThanOrEqual(4)
        expect(counts.ips_pseudonymised).toBeGreaterThanOrEqual(4)
      }),
      { numRuns: 200 },
    )
  })

  it('gives an address the same pseudonym within an engagement and another across them', () => {
    fc.assert(
      fc.property(emails, ips, (email, ip) => {
        const first = createRedaction('pseudonymised', 'audit-events', keyA)
        const second = createRedaction('pseudonymised', 'audit-events', keyA)
        const other = createRedaction('pseudonymised', 'audit-events', keyB)
        const row = auditRow(email, ip, '')
        const a = first.apply(row).columns
        expect(second.apply(row).columns).toEqual(a)
        expect(first.apply(auditRow(email.toUpperCase(), ip, '')).columns.actor_email).toBe(
          a.actor_email,
        )
        const b = other.apply(row).columns
        expect(b.actor_email).not.toBe(a.actor_email)
        expect(b.ip_address).not.toBe(a.ip_address)
      }),
    )
  })

  it('drops user agents and metadata in the minimal profile and counts each', () => {
    const redaction = createRedaction('minimal', 'audit-events', keyA)
    const out = redaction.apply(auditRow('ana@acme.example', '203.0.113.7', 'x'))
    const raw = JSON.parse(out.raw) as Record<string, unknown>
    expect(raw).not.toHaveProperty('user_agent')
    expect(raw).not.toHaveProperty('metadata')
    expect(out.columns.user_agent).toBeNull()
    expect(everything(out)).not.toContain('ana@acme.example')
    expect(redaction.counts()).toEqual({
      emails_pseudonymised: 1,
      ips_pseudonymised: 1,
      user_agents_dropped: 1,
      metadata_dropped: 1,
    })
  })

  it('pseudonymises request log addresses and leaves times and ids alone', () => {
    const json = requestLogJson(3, { ip_address: '2001:db8::1' })
    const row: EventRow = {
      rowId: 3,
      id: 'req_000003',
      seq: 3,
      occurredAt: 0,
      raw: JSON.stringify(json),
      columns: { ip_address: '2001:db8::1', endpoint: '/v1/documents/generate' },
    }
    const out = createRedaction('pseudonymised', 'request-logs', keyA).apply(row)
    const raw = JSON.parse(out.raw) as Record<string, unknown>
    expect(raw.ip_address).toBe(out.columns.ip_address)
    expect(raw.occurred_at).toBe(json.occurred_at)
    expect(raw.id).toBe('req_000003')
    expect(out.columns.endpoint).toBe('/v1/documents/generate')
  })

  it('changes nothing under the none profile, and refuses to pseudonymise without a key', () => {
    const row = auditRow('ana@acme.example', '203.0.113.7', '')
    const none = createRedaction('none', 'audit-events', null)
    expect(none.apply(row)).toBe(row)
    expect(none.counts()).toEqual({})
    expect(() => createRedaction('pseudonymised', 'audit-events', null)).toThrow(/engagement key/)
  })

  it('finds addresses glued to a word and a colon, and URL-encoded e-mail addresses', () => {
    const words = fc.stringMatching(/^[g-z]{1,8}$/)
    fc.assert(
      fc.property(emails, ips, words, (email, ip, word) => {
        const pseudonyms = createPseudonymiser(keyA)
        const encoded = encodeURIComponent(email)
        const text = pseudonyms.text(
          `${word}:${ip} GET /v1/users/${encoded}/sessions?email=${encoded}&x=1 ${word}=${ip}.`,
        )
        expect(text.toLowerCase()).not.toContain(ip.toLowerCase())
        expect(text.toLowerCase()).not.toContain(encoded.toLowerCase())
        expect(text.toLowerCase()).not.toContain(email.toLowerCase())
        expect(text).toContain(`${word}:ip-`)
        // The encoded address carries the plain one's pseudonym, still encoded.
        const plain = createPseudonymiser(keyA).text(email)
        expect(pseudonyms.text(` ${encoded} `)).toBe(` ${plain.replace('@', '%40')} `)
        expect(pseudonyms.text(`ip:${ip}`)).toBe(`ip:${pseudonyms.text(ip)}`)
      }),
      { numRuns: 300 },
    )
  })

  it('leaves times, scope operators and a bare :: alone', () => {
    const pseudonyms = createPseudonymiser(keyA)
    for (const text of ['at 10:15:30.123', 'std::abs(x)', 'a :: b', 'v1.2.3'])
      expect(pseudonyms.text(text)).toBe(text)
  })

  it("scrubs the free text of a pack (reviewer, engagement, filter) with the events' pseudonyms", () => {
    fc.assert(
      fc.property(emails, ips, (email, ip) => {
        const values = createValueRedaction('pseudonymised', keyA)
        const scrubbed = values.scrub({
          exportedBy: email,
          engagement: `audit for ${encodeURIComponent(email)}`,
          filter: { resourceId: `ip:${ip}` },
        })
        const text = JSON.stringify(scrubbed).toLowerCase()
        expect(text).not.toContain(email.toLowerCase())
        expect(text).not.toContain(ip.toLowerCase())
        const event = createRedaction('pseudonymised', 'audit-events', keyA).apply(
          auditRow(email, ip, ''),
        )
        expect(scrubbed.exportedBy).toBe(event.columns.actor_email)
        expect(scrubbed.filter.resourceId).toBe(`ip:${String(event.columns.ip_address)}`)
      }),
    )
  })
})
