import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fakeIo } from '../../../test/helpers/fake-io'
import { makeTempDir } from '../../../test/helpers/temp-dir'
import {
  readZip,
  seedCache,
  writeZipFromMembers,
  type SeededCache,
} from '../../core/pack/pack-test-support'
import { installationKeyFileName } from '../../core/signing/installation-key'
import { runCli } from '../main'

describe('audit-desk pack and verify-pack', () => {
  let temp: ReturnType<typeof makeTempDir>
  let seeded: SeededCache
  let keys: string
  const io = () => fakeIo(temp.dir, { AUDIT_DESK_DATA_DIR: keys })
  beforeAll(async () => {
    temp = makeTempDir()
    seeded = await seedCache(temp.dir)
    seeded.opened.close() // the commands open the cache themselves, as from a shell
    keys = path.join(temp.dir, 'installation')
  }, 60_000)
  afterAll(async () => {
    await seeded.server.close()
    temp.remove()
  })

  it('writes a pack that verify-pack accepts, and rejects a tampered copy naming what broke', async () => {
    const out = path.join(temp.dir, 'pack.zip')
    const packIo = io()
    const args = [
      'pack',
      '--db',
      seeded.opened.path,
      '--from',
      seeded.from,
      '--to',
      seeded.to,
      '--out',
      out,
    ]
    expect(await runCli(args, packIo)).toBe(0)
    expect(packIo.err).toEqual([])
    const printed = packIo.out.join('')
    expect(printed).toMatch(new RegExp(`^Wrote an audit pack of [\\d,]+ events to ${out}\\n`))
    expect(printed).toContain('Recorded in the reviewer activity log as entry 1.')
    expect(fs.existsSync(path.join(keys, installationKeyFileName))).toBe(true)

    const verifyIo = io()
    expect(await runCli(['verify-pack', out], verifyIo)).toBe(0)
    expect(verifyIo.out.join('')).toMatch(
      /^Valid audit pack: all \d+ checks passed\.\n.*signed by the key in signing-key\.pem \(fingerprint [0-9a-f]{64}\)/,
    )

    const members = await readZip(out)
    const csv = (members.get('data/request-logs.csv') ?? Buffer.alloc(0)).toString()
    const lastRow = csv.trimEnd().split('\r\n').at(-1) ?? ''
    members.set('data/request-logs.csv', Buffer.from(`${csv}${lastRow}\r\n`))
    const tampered = path.join(temp.dir, 'tampered.zip')
    await writeZipFromMembers(tampered, members)
    const tamperedIo = io()
    expect(await runCli(['verify-pack', tampered], tamperedIo)).toBe(1)
    const report = tamperedIo.out.join('')
    expect(report).toMatch(/^INVALID audit pack: \d+ of \d+ checks failed\./)
    expect(report).toMatch(
      /FAILED sha256 data\/request-logs\.csv: data\/request-logs\.csv is \d+ bytes/,
    )
    expect(report).toMatch(
      /FAILED rows data\/request-logs\.csv: data\/request-logs\.csv holds \d+ rows; the manifest says \d+/,
    )
  })

  it('writes a pseudonymised pack of one stream that says the digests do not apply', async () => {
    const out = path.join(temp.dir, 'redacted.zip')
    const args = [
      'pack',
      '--db',
      seeded.opened.path,
      '--from',
      seeded.from,
      '--to',
      seeded.to,
      '--out',
      out,
      '--redact',
      'pseudonymised',
      '--stream',
      'audit-events',
      '--engagement',
      'SOC 2',
    ]
    const packIo = io()
    expect(await runCli(args, packIo)).toBe(0)
    expect(packIo.out.join('')).toMatch(
      /Redaction: pseudonymised \(engagement "SOC 2"\)\nTransformations: .*emails_pseudonymised \d+/,
    )
    const names = [...(await readZip(out)).keys()]
    expect(names.filter((name) => name.startsWith('data/'))).toEqual([
      'data/audit-events.csv',
      'data/audit-events.xlsx',
      'data/audit-events.jsonl',
    ])
    const verifyIo = io()
    expect(await runCli(['verify-pack', out], verifyIo)).toBe(0)
    expect(verifyIo.out.join('')).toContain(
      'server digests: not applicable: the events are redacted (pseudonymised)',
    )
  })

  it('exits 2 on usage errors and 1 with a clear line on a file that is not a pack', async () => {
    const usage = async (args: string[]) => {
      const usageIo = io()
      const code = await runCli(args, usageIo)
      return { code, err: usageIo.err.join('') }
    }
    expect(
      await usage(['pack', '--db', seeded.opened.path, '--to', seeded.to, '--out', 'x.zip']),
    ).toEqual({
      code: 2,
      err: "audit-desk pack: --from is required. Run 'audit-desk pack --help'.\n",
    })
    const withOut = [
      ...['pack', '--db', seeded.opened.path, '--from', seeded.from, '--to', seeded.to],
      ...['--out', 'x.zip'],
    ]
    expect((await usage([...withOut, '--redact', 'all'])).err).toMatch(
      /--redact must be none, pseudonymised or minimal, not "all"/,
    )
    expect((await usage([...withOut, '--connection', 'con_x'])).code).toBe(2)
    expect((await usage(['verify-pack'])).code).toBe(2)
    expect((await usage(['verify-pack', '--bogus', 'a.zip'])).code).toBe(2)
    const notPack = path.join(temp.dir, 'notes.zip')
    fs.writeFileSync(notPack, 'just text')
    const result = await usage(['verify-pack', notPack])
    expect(result.code).toBe(1)
    expect(result.err).toBe(
      `audit-desk verify-pack: ${notPack} is not a valid audit pack: it is not a readable zip file (End of central directory record signature not found. Either not a zip file, or file is truncated). Ask for the pack again; nothing was extracted.\n`,
    )
  })
})
