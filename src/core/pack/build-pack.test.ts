import { execSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTempDir } from '../../../test/helpers/temp-dir'
import { appendActivity, listActivity } from '../activity/activity-log'
import { parseIpAddress } from '../../shared/ip-address'
import { createAnnotationStore } from '../store/annotation-store'
import { buildPack, type BuildPackInput } from './build-pack'
import {
  readZip,
  rehash,
  seedCache,
  sha256,
  writeZipFromMembers,
  type SeededCache,
} from './pack-test-support'
import { maxRowXmlBytes } from './content-checks'
import { verifyPack, type PackVerification } from './verify-pack'

const failed = (result: PackVerification) => result.checks.filter((check) => !check.isPassed)

/** Every e-mail address (plain or URL-encoded) and IP address in clear in any member of a pack
 * (the parts of its workbooks included), as `member: address`. */
async function addressesInClear(packPath: string): Promise<string[]> {
  const texts: [string, string][] = []
  for (const [name, bytes] of await readZip(packPath)) {
    if (!name.endsWith('.xlsx')) texts.push([name, bytes.toString('utf8')])
    else
      for (const [part, xml] of await readZip(bytes))
        texts.push([`${name}:${part}`, xml.toString('utf8')])
  }
  const found: string[] = []
  for (const [name, text] of texts) {
    for (const [email] of text.matchAll(/[\w.+-]+(?:@|%40)[\w-]+(?:\.[\w-]+)+/g))
      if (!email.endsWith('@pseudonym.invalid') && !email.endsWith('%40pseudonym.invalid'))
        found.push(`${name}: ${email}`)
    for (const [ip] of text.matchAll(/[0-9A-Fa-f:.]*[:.][0-9A-Fa-f:.]*/g))
      for (let start = 0; start < ip.length; start += 1)
        for (let end = ip.length; end > start + 2; end -= 1) {
          const candidate = ip.slice(start, end)
          if (/\d/.test(candidate) && parseIpAddress(candidate) !== undefined)
            found.push(`${name}: ${candidate}`)
        }
  }
  return found
}

/** The standard-tools commands README.txt gives, in its order (indented by five spaces). */
const readmeSteps = (readme: string): string[] =>
  readme
    .split('\n')
    .filter((line) => /^ {5}(openssl|sha256sum|grep) /.test(line))
    .map((line) => line.trim())

/** Runs each README step in `folder` as a shell would; the first failing step's command. */
const firstFailingStep = (steps: readonly string[], folder: string): string | null => {
  for (const step of steps) {
    try {
      execSync(step, { cwd: folder, shell: '/bin/sh', stdio: 'pipe' })
    } catch {
      return step
    }
  }
  return null
}

describe('audit packs', () => {
  let temp: ReturnType<typeof makeTempDir>
  let seeded: SeededCache
  let packPath: string
  let members: Map<string, Buffer>
  let counter = 0
  const input = (overrides: Partial<BuildPackInput> = {}): BuildPackInput => ({
    db: seeded.opened.db,
    cacheFile: seeded.opened.path,
    dataDirectory: seeded.dataDirectory,
    connectionId: seeded.connectionId,
    from: seeded.from,
    to: seeded.to,
    streams: ['audit-events', 'request-logs'],
    filter: {},
    redaction: 'none',
    engagement: 'SOC 2 2026',
    reviewer: 'ana',
    clock: () => Date.UTC(2026, 10, 26, 12),
    outPath: path.join(temp.dir, `pack-${String((counter += 1))}.zip`),
    ...overrides,
  })
  const tampered = async (change: (members: Map<string, Buffer>) => void) => {
    const copy = new Map(members)
    change(copy)
    const out = path.join(temp.dir, `tampered-${String((counter += 1))}.zip`)
    await writeZipFromMembers(out, copy)
    return verifyPack(out)
  }

  beforeAll(async () => {
    temp = makeTempDir()
    seeded = await seedCache(temp.dir)
    const event = seeded.opened.db
      .prepare<[], { id: string }>('SELECT id FROM audit_events ORDER BY occurred_at DESC LIMIT 1')
      .get()
    createAnnotationStore(seeded.opened.db).update(
      { connectionId: seeded.connectionId, stream: 'audit-events', eventIds: [event?.id ?? ''] },
      { addTags: ['reviewed'], comment: 'asked ana@acme.example from 203.0.113.9' },
      { author: 'ana', at: 1_000 },
    )
    appendActivity(seeded.opened.db, {
      at: 1_000,
      reviewer: 'ana',
      kind: 'export',
      connectionId: seeded.connectionId,
      description: 'CSV export',
      filter: JSON.stringify({ actor: 'ana@acme.example' }),
      files: [{ name: 'events.csv', rows: 1, bytes: 10, sha256: 'a'.repeat(64) }],
    })
    const built = await buildPack(input())
    packPath = built.path
    members = await readZip(packPath)
  }, 60_000)
  afterAll(async () => {
    await seeded.server.close()
    seeded.opened.close()
    temp.remove()
  })

  it('verifies, with every signed sealed day matched against the JSON Lines', async () => {
    const result = await verifyPack(packPath)
    expect(failed(result)).toEqual([])
    expect(result.isValid).toBe(true)
    const digestChecks = result.checks.filter((check) => check.name.startsWith('server digest '))
    expect(digestChecks.length).toBeGreaterThan(0)
    expect(
      digestChecks.every((check) => check.detail.includes("match the server's signed digest")),
    ).toBe(true)
    expect(result.checks.find((check) => check.name === 'activity log')?.detail).toMatch(
      /^1 entries/,
    )
    expect(result.checks.find((check) => check.name === 'rows annotations.jsonl')?.detail).toMatch(
      /^1 rows/,
    )
  })

  it('is recorded in the activity log with the zip and every member hashed', () => {
    const [entry] = listActivity(seeded.opened.db, 1)
    expect(entry?.kind).toBe('pack')
    expect(entry?.files[0]).toMatchObject({
      name: path.basename(packPath),
      sha256: sha256(fs.readFileSync(packPath)),
    })
    const manifest = JSON.parse(members.get('manifest.json')?.toString() ?? '') as {
      files: unknown[]
    }
    expect(entry?.files.slice(1)).toEqual(manifest.files)
  })

  it('holds the population of the cache and the server, and the same counts everywhere', () => {
    const manifest = JSON.parse(members.get('manifest.json')?.toString() ?? '') as {
      streams: {
        stream: string
        exportedRows: number
        population: { cache: number; server: number | null }
      }[]
    }
    const audit = manifest.streams.find((stream) => stream.stream === 'audit-events')
    const cached = seeded.opened.db
      .prepare<[], { n: number }>('SELECT count(*) AS n FROM audit_events')
      .get()
    expect(audit).toMatchObject({
      exportedRows: cached?.n,
      population: { cache: cached?.n, server: cached?.n },
    })
    const jsonl = members.get('data/audit-events.jsonl')?.toString() ?? ''
    expect(jsonl.split('\n').filter(Boolean)).toHaveLength(cached?.n ?? -1)
  })

  const unzipInto = (name: string, packed: ReadonlyMap<string, Buffer>): string => {
    const folder = path.join(temp.dir, name)
    fs.mkdirSync(folder)
    for (const [member, bytes] of packed) {
      fs.mkdirSync(path.dirname(path.join(folder, member)), { recursive: true })
      fs.writeFileSync(path.join(folder, member), bytes)
    }
    return folder
  }

  it("passes the README's standard-tools steps in order once unzipped, and they catch an edited manifest", () => {
    const folder = unzipInto('unzipped', members)
    const steps = readmeSteps(members.get('README.txt')?.toString() ?? '')
    // The signature first, then the key's fingerprint, then SHA256SUMS against the signed
    // manifest, and only then the files against SHA256SUMS.
    expect(steps.map((step) => step.split(' ')[0])).toEqual([
      'openssl',
      'openssl',
      'grep',
      'sha256sum',
    ])
    expect(steps[0]).toContain('-rawin')
    expect(firstFailingStep(steps, folder)).toBeNull()
    expect(execSync(steps[0] ?? '', { cwd: folder }).toString()).toMatch(
      /Signature Verified Successfully/,
    )
    fs.appendFileSync(path.join(folder, 'manifest.json'), ' ')
    expect(firstFailingStep(steps, folder)).toBe(steps[0])
  })

  it("catches a data file edited together with its SHA256SUMS line, by the README's steps and verify-pack", async () => {
    const csvName = 'data/audit-events.csv'
    const copy = new Map(members)
    const lines = (copy.get(csvName)?.toString() ?? '').split('\r\n')
    lines.splice(1, 1)
    copy.set(csvName, Buffer.from(lines.join('\r\n')))
    const sums = (copy.get('SHA256SUMS')?.toString() ?? '')
      .split('\n')
      .map((line) =>
        line.endsWith(`  ${csvName}`) ? `${sha256(copy.get(csvName) ?? '')}  ${csvName}` : line,
      )
      .join('\n')
    copy.set('SHA256SUMS', Buffer.from(sums))
    const folder = unzipInto('tampered-sums', copy)
    const steps = readmeSteps(members.get('README.txt')?.toString() ?? '')
    // sha256sum -c alone is fooled; the signed manifest's hash of SHA256SUMS is not.
    execSync('sha256sum -c SHA256SUMS', { cwd: folder, stdio: 'pipe' })
    expect(firstFailingStep(steps, folder)).toMatch(/^grep /)
    const out = path.join(temp.dir, `tampered-${String((counter += 1))}.zip`)
    await writeZipFromMembers(out, copy)
    const result = await verifyPack(out)
    expect(result.isValid).toBe(false)
    expect(failed(result).map((check) => check.name)).toContain('SHA256SUMS')
    expect(failed(result).find((check) => check.name === 'SHA256SUMS')?.detail).toMatch(
      /SHA256SUMS has SHA-256 [0-9a-f]{64}; the manifest says [0-9a-f]{64}/,
    )
  })

  it('removes the pack and says so when it cannot be recorded in the activity log', async () => {
    const db = seeded.opened.db
    const failing = input()
    fs.writeFileSync(failing.outPath, 'an older file')
    const entries = listActivity(db, 1_000).length
    // Stands for any failure of the insert: SQLITE_BUSY behind a sync, a full disk.
    db.exec(
      `CREATE TEMP TRIGGER no_activity BEFORE INSERT ON main.reviewer_activity
       BEGIN SELECT RAISE(ABORT, 'database is locked'); END`,
    )
    try {
      const error = await buildPack(failing).then(
        () => null,
        (cause: unknown) => cause,
      )
      expect(error).toMatchObject({ code: 'export_write_failed' })
      const message = error instanceof Error ? error.message : ''
      expect(message).toContain(failing.outPath)
      expect(message).toMatch(/removed because it could not be recorded/)
      expect(message).toMatch(/database is locked/)
    } finally {
      db.exec('DROP TRIGGER temp.no_activity')
    }
    expect(fs.readFileSync(failing.outPath, 'utf8')).toBe('an older file')
    expect(
      fs
        .readdirSync(path.dirname(failing.outPath))
        .filter((name) => name.includes(path.basename(failing.outPath))),
    ).toEqual([path.basename(failing.outPath)])
    expect(listActivity(db, 1_000)).toHaveLength(entries)
  })

  it('opens the cache with the native binding the host names (the desktop app)', async () => {
    const binding = path.join(temp.dir, 'no-such-binding.node')
    await expect(buildPack(input({ nativeBinding: binding }))).rejects.toMatchObject({
      code: 'database_unavailable',
    })
  })

  it('fails naming the file when any byte of any file changes', async () => {
    for (const name of members.keys()) {
      const result = await tampered((copy) => {
        const bytes = Buffer.from(copy.get(name) ?? Buffer.alloc(0))
        const at = Math.floor(bytes.length / 2)
        bytes[at] = (bytes[at] ?? 0) ^ 0x01
        // An empty file (no findings) gets a byte instead.
        copy.set(name, bytes.length === 0 ? Buffer.from('{}\n') : bytes)
      })
      expect(result.isValid, name).toBe(false)
      const details = failed(result)
        .map((check) => `${check.name}: ${check.detail}`)
        .join('\n')
      expect(details, name).toContain(name)
    }
  })

  it('fails on a removed or added row even with every hash recomputed', async () => {
    const csvName = 'data/audit-events.csv'
    const removed = await tampered((copy) => {
      const lines = (copy.get(csvName)?.toString() ?? '').split('\r\n')
      lines.splice(2, 1)
      copy.set(csvName, Buffer.from(lines.join('\r\n')))
      rehash(copy, csvName, 1_000_000)
    })
    console.log(JSON.stringify(failed(removed)))
    expect(failed(removed).map((check) => check.name)).toEqual(['signature', `rows ${csvName}`])
    expect(failed(removed)[1]?.detail).toMatch(/holds \d+ rows; the manifest says 1000000/)

    const jsonlName = 'data/audit-events.jsonl'
    const added = await tampered((copy) => {
      const lines = (copy.get(jsonlName)?.toString() ?? '').split('\n').filter(Boolean)
      // The oldest day is sealed and signed: a repeated event there changes its count.
      lines.splice(1, 0, lines[0] ?? '')
      const rows = lines.length
      copy.set(jsonlName, Buffer.from(lines.map((line) => `${line}\n`).join('')))
      rehash(copy, jsonlName, rows)
    })
    const names = failed(added).map((check) => check.name)
    expect(names[0]).toBe('signature')
    expect(names.slice(1).every((name) => name.startsWith('server digest audit-events'))).toBe(true)
    expect(failed(added)[1]?.detail).toMatch(/holds \d+ events of the day; the server signed \d+/)
  })

  it('checks the digests on canonical JSON, so reformatted but equal events still match', async () => {
    const jsonlName = 'data/audit-events.jsonl'
    const result = await tampered((copy) => {
      const text = copy.get(jsonlName)?.toString() ?? ''
      copy.set(jsonlName, Buffer.from(text.replaceAll('{"', '{ "')))
      const rows = text.split('\n').filter(Boolean).length
      rehash(copy, jsonlName, rows)
    })
    expect(failed(result).map((check) => check.name)).toEqual(['signature'])
    expect(
      result.checks.filter((check) => check.name.startsWith('server digest ')).length,
    ).toBeGreaterThan(0)
  })

  it('leaves no file behind when cancelled', async () => {
    const controller = new AbortController()
    controller.abort()
    const cancelled = input({ signal: controller.signal })
    await expect(buildPack(cancelled)).rejects.toMatchObject({ code: 'cancelled' })
    expect(
      fs
        .readdirSync(path.dirname(cancelled.outPath))
        .filter((name) => name.includes(path.basename(cancelled.outPath))),
    ).toEqual([])
  })

  it('fails on an edited manifest field, by its signature', async () => {
    const result = await tampered((copy) => {
      const text = copy.get('manifest.json')?.toString() ?? ''
      copy.set(
        'manifest.json',
        Buffer.from(text.replace('"exportedBy": "ana"', '"exportedBy": "eve"')),
      )
      rehash(copy, 'README.txt', 0)
    })
    expect(failed(result).map((check) => check.name)).toEqual(['signature'])
    expect(failed(result)[0]?.detail).toMatch(/manifest\.json does not match manifest\.sig/)
  })

  it('fails naming an added or a missing file', async () => {
    const extra = await tampered((copy) => copy.set('data/extra.csv', Buffer.from('a\n')))
    expect(
      failed(extra)
        .map((check) => check.detail)
        .join('\n'),
    ).toMatch(/not in the manifest: data\/extra\.csv/)
    const missing = await tampered((copy) => copy.delete('findings.jsonl'))
    expect(
      failed(missing)
        .map((check) => check.detail)
        .join('\n'),
    ).toMatch(/missing: findings\.jsonl/)
  })

  it('refuses a file that is not a zip, and hostile zips, without extracting anything', async () => {
    const notZip = path.join(temp.dir, 'not.zip')
    fs.writeFileSync(notZip, 'hello')
    await expect(verifyPack(notZip)).rejects.toThrow(
      /not\.zip is not a valid audit pack: it is not a readable zip file/,
    )

    const traversal = path.join(temp.dir, 'traversal.zip')
    await writeZipFromMembers(traversal, new Map([['xx/evil.txt', Buffer.from('x')]]))
    const bytes = fs.readFileSync(traversal)
    fs.writeFileSync(
      traversal,
      Buffer.from(bytes.toString('latin1').replaceAll('xx/evil', '../evil'), 'latin1'),
    )
    await expect(verifyPack(traversal)).rejects.toThrow(/not a valid audit pack: .*\.\.\/evil\.txt/)
    expect(fs.existsSync(path.join(temp.dir, 'evil.txt'))).toBe(false)

    const huge = path.join(temp.dir, 'huge.zip')
    await writeZipFromMembers(huge, new Map([['manifest.json', Buffer.from('{}')]]))
    const zip = fs.readFileSync(huge)
    const central = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]))
    zip.writeUInt32LE(0xf0000000, central + 24) // the central directory's uncompressed size
    fs.writeFileSync(huge, zip)
    await expect(verifyPack(huge)).rejects.toThrow(
      /claims 4026531840 bytes, more than the \d+ a pack file may hold/,
    )
  })

  it('bounds the workbook XML it scans by the manifest rows: oversized sheets refused, counting stopped', async () => {
    const xlsxName = 'data/audit-events.xlsx'
    const workbookOf = async (sheet: Buffer): Promise<Buffer> => {
      const file = path.join(temp.dir, `workbook-${String((counter += 1))}.xlsx`)
      await writeZipFromMembers(file, new Map([['xl/worksheets/sheet1.xml', sheet]]))
      return fs.readFileSync(file)
    }
    // Whitespace compresses a thousandfold: a tiny member that would be scanned for a long time.
    const padded = await workbookOf(
      Buffer.concat([
        Buffer.from('<worksheet><sheetData>'),
        Buffer.alloc(maxRowXmlBytes * 2, 0x20),
      ]),
    )
    const oversized = await tampered((copy) => {
      copy.set(xlsxName, padded)
      rehash(copy, xlsxName, 0)
    })
    expect(failed(oversized).find((check) => check.name === `content ${xlsxName}`)?.detail).toMatch(
      /claim \d+ bytes of XML, more than the \d+ that the manifest's 0 rows can take/,
    )
    const rows = await workbookOf(Buffer.from('<row r="1"/>'.repeat(1_000_000)))
    const counted = await tampered((copy) => {
      copy.set(xlsxName, rows)
      rehash(copy, xlsxName, 5)
    })
    expect(failed(counted).find((check) => check.name === `content ${xlsxName}`)?.detail).toMatch(
      /holds more rows than the manifest's 5; counting stopped there/,
    )
    expect(failed(counted).map((check) => check.name)).toContain(`rows ${xlsxName}`)
  })

  it('pseudonymises every e-mail and IP address of every file, and says the digests no longer apply', async () => {
    const reviewer = 'ana.reviewer@corp.example'
    const event = seeded.opened.db
      .prepare<[], { id: string }>('SELECT id FROM audit_events ORDER BY occurred_at LIMIT 1')
      .get()
    createAnnotationStore(seeded.opened.db).update(
      { connectionId: seeded.connectionId, stream: 'audit-events', eventIds: [event?.id ?? ''] },
      { addTags: ['x'], comment: 'seen from ip:2001:db8::7 for /v1/users/carol%40acme.example' },
      { author: reviewer, at: 2_000 },
    )
    const built = await buildPack(
      input({
        redaction: 'pseudonymised',
        reviewer,
        engagement: 'SOC 2 2026 for ana@acme.example',
      }),
    )
    const result = await verifyPack(built.path)
    expect(failed(result)).toEqual([])
    expect(result.checks.find((check) => check.name === 'server digests')?.detail).toMatch(
      /not applicable: the events are redacted \(pseudonymised\)/,
    )
    const secrets = seeded.opened.db
      .prepare<[], { value: string }>(
        `SELECT DISTINCT actor_email AS value FROM audit_events WHERE actor_email IS NOT NULL
         UNION SELECT DISTINCT ip_address FROM audit_events WHERE ip_address IS NOT NULL
         UNION SELECT DISTINCT ip_address FROM request_logs WHERE ip_address IS NOT NULL`,
      )
      .all()
      .map((row) => row.value)
    expect(secrets.length).toBeGreaterThan(5)
    secrets.push('ana@acme.example', '203.0.113.9', reviewer, '2001:db8::7', 'carol%40acme.example')
    const packed = await readZip(built.path)
    const texts: [string, string][] = []
    for (const [name, bytes] of packed) {
      if (!name.endsWith('.xlsx')) texts.push([name, bytes.toString('utf8')])
      else
        for (const [part, xml] of await readZip(bytes))
          texts.push([`${name}:${part}`, xml.toString('utf8')])
    }
    expect(texts.some(([name]) => name.startsWith('summary.xlsx:xl/worksheets/'))).toBe(true)
    for (const [name, text] of texts) {
      for (const secret of secrets)
        expect(text.includes(secret), `${secret} in ${name}`).toBe(false)
    }
    expect(await addressesInClear(built.path)).toEqual([])
    // The reviewer carries one pseudonym everywhere: manifest, README and activity log.
    const exportedBy = (
      JSON.parse(packed.get('manifest.json')?.toString() ?? '') as { exportedBy: string }
    ).exportedBy
    expect(exportedBy).toMatch(/^user-[0-9a-f]{16}@pseudonym\.invalid$/)
    expect(packed.get('README.txt')?.toString()).toContain(`Exported by:  ${exportedBy}`)
    expect(packed.get('annotations.jsonl')?.toString()).toContain(exportedBy)
    const manifest = JSON.parse(packed.get('manifest.json')?.toString() ?? '') as {
      redaction: { profile: string; engagement: string; keyId: string }
      transformations: { redaction: Record<string, number> }
      activityLog: { redactedEntryIds: number[] }
    }
    expect(manifest.redaction.profile).toBe('pseudonymised')
    expect(manifest.redaction.engagement).toMatch(
      /^SOC 2 2026 for user-[0-9a-f]{16}@pseudonym\.invalid$/,
    )
    expect(manifest.redaction.keyId).toMatch(/^[0-9a-f]{16}$/)
    expect(manifest.transformations.redaction.emails_pseudonymised).toBeGreaterThan(0)
    expect(manifest.activityLog.redactedEntryIds).toEqual([1])
  })

  it('minimal drops user agents; a narrowing filter makes the digests not applicable', async () => {
    const minimal = await buildPack(input({ redaction: 'minimal' }))
    const packed = await readZip(minimal.path)
    const header = (packed.get('data/audit-events.csv')?.toString() ?? '').split('\r\n')[1] ?? ''
    expect(header).not.toMatch(/Mozilla|curl|python/i)
    expect(minimal.transformations.user_agents_dropped).toBeGreaterThan(0)
    expect((await verifyPack(minimal.path)).isValid).toBe(true)
    expect(await addressesInClear(minimal.path)).toEqual([])

    const scoped = await buildPack(
      input({
        redaction: 'minimal',
        reviewer: 'bob@corp.example',
        filter: { resourceId: 'for ana%40acme.example at ip:2001:db8::8 or 198.51.100.4' },
      }),
    )
    expect(await addressesInClear(scoped.path)).toEqual([])

    const filtered = await buildPack(input({ filter: { status: 'failure' } }))
    const result = await verifyPack(filtered.path)
    expect(result.isValid).toBe(true)
    expect(result.checks.find((check) => check.name === 'server digests')?.detail).toMatch(
      /not applicable: the filter narrows the events \(status\)/,
    )
  })
})
