import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fakeIo } from '../../../test/helpers/fake-io'
import { checkActivityChain, listActivity } from '../../core/activity/activity-log'
import { openDatabaseFile } from '../../core/store/database'
import { seededCache } from '../../core/export/export-test-support'
import { addSecondOrganization } from '../connection-test-support'
import { runCli } from '../main'

describe('audit-desk export', () => {
  let cache: ReturnType<typeof seededCache>
  beforeEach(() => {
    cache = seededCache(6, (seq) => (seq % 2 === 0 ? { user_agent: '=HYPERLINK("x")' } : {}))
    cache.opened.close() // the command opens the cache itself, as it would from a shell
  })
  afterEach(() => {
    cache.remove()
  })

  it('writes the filtered events, prints rows, file, SHA-256 and transformations, and logs the export', async () => {
    const out = cache.out('exports.csv')
    const io = fakeIo(cache.dir)
    const code = await runCli(
      [
        'export',
        '--db',
        cache.file,
        '--format',
        'csv',
        '--out',
        out,
        '--from',
        '2026-11-01T00:02:00Z',
        '--columns',
        'id,user_agent',
        '--bom',
      ],
      io,
    )
    expect(io.err).toEqual([])
    expect(code).toBe(0)
    const bytes = fs.readFileSync(out)
    const sha256 = createHash('sha256').update(bytes).digest('hex')
    expect(bytes.toString('utf8')).toBe(
      '\uFEFFid,user_agent\r\nevt_000002,"\'=HYPERLINK(""x"")"\r\nevt_000003,Mozilla/5.0\r\nevt_000004,"\'=HYPERLINK(""x"")"\r\nevt_000005,Mozilla/5.0\r\nevt_000006,"\'=HYPERLINK(""x"")"\r\n',
    )
    expect(io.out.join('')).toBe(
      [
        `Wrote 5 events to ${out}`,
        `Bytes: ${String(bytes.length)}`,
        `SHA-256: ${sha256}`,
        'Transformations: formula_neutralised 3',
        'Recorded in the reviewer activity log as entry 1.',
        '',
      ].join('\n'),
    )
    const db = new Database(cache.file, { readonly: true })
    try {
      const [entry] = listActivity(db, 10)
      expect(entry).toMatchObject({
        kind: 'export',
        connectionId: cache.connectionId,
        filter: JSON.stringify({
          from: Date.UTC(2026, 10, 1, 0, 2),
          connectionId: cache.connectionId,
        }),
        files: [{ name: 'exports.csv', rows: 5, bytes: bytes.length, sha256 }],
      })
      expect(checkActivityChain(db).isIntact).toBe(true)
    } finally {
      db.close()
    }
  })

  it('writes XLSX and JSON Lines of the request logs', async () => {
    for (const format of ['xlsx', 'jsonl']) {
      const io = fakeIo(cache.dir)
      const out = cache.out(`requests.${format}`)
      const args = [
        'export',
        '--db',
        cache.file,
        '--format',
        format,
        '--out',
        out,
        '--stream',
        'request-logs',
      ]
      expect(await runCli(args, io)).toBe(0)
      expect(io.out.join('')).toContain(`Wrote 3 events to ${out}`)
    }
    expect(fs.readFileSync(cache.out('requests.jsonl'), 'utf8').trim().split('\n')).toHaveLength(3)
  })

  it('refuses a bad format, an unknown zone and a column the stream lacks, naming each', async () => {
    const run = async (extra: string[]) => {
      const io = fakeIo(cache.dir)
      const code = await runCli(
        ['export', '--db', cache.file, '--out', cache.out('x.csv'), ...extra],
        io,
      )
      return { code, err: io.err.join('') }
    }
    expect(await run(['--format', 'pdf'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('--format must be csv, xlsx or jsonl, not "pdf"') as unknown,
    })
    expect(await run(['--format', 'csv', '--local-time', 'Europe/Atlantis'])).toMatchObject({
      code: 1,
      err: expect.stringContaining('Unknown time zone "Europe/Atlantis"') as unknown,
    })
    expect(
      await run(['--format', 'csv', '--stream', 'request-logs', '--columns', 'id,action']),
    ).toMatchObject({
      code: 1,
      err: expect.stringContaining(
        'The column "action" is not one of the request-logs columns',
      ) as unknown,
    })
    expect(fs.existsSync(cache.out('x.csv'))).toBe(false)
  })

  it('on Ctrl-C leaves no file and records nothing', async () => {
    const io = fakeIo(cache.dir)
    io.stop('SIGINT')
    const out = cache.out('stopped.csv')
    expect(await runCli(['export', '--db', cache.file, '--format', 'csv', '--out', out], io)).toBe(
      1,
    )
    expect(io.err.join('')).toContain('The export was cancelled; no file was written.')
    expect(fs.readdirSync(path.dirname(out)).filter((name) => name.includes('stopped'))).toEqual([])
  })

  describe('on a cache holding two organizations', () => {
    let globex: string
    beforeEach(() => {
      const opened = openDatabaseFile(cache.file, 0)
      try {
        globex = addSecondOrganization(opened, 4)
      } finally {
        opened.close()
      }
    })

    it('without --connection is a usage error naming both organizations, and writes nothing', async () => {
      const io = fakeIo(cache.dir)
      const out = cache.out('mixed.csv')
      const code = await runCli(['export', '--db', cache.file, '--format', 'csv', '--out', out], io)
      expect(code).toBe(2)
      const err = io.err.join('')
      expect(err).toContain(`${cache.connectionId} (Acme at http://127.0.0.1:1)`)
      expect(err).toContain(`${globex} (Globex at http://127.0.0.1:2)`)
      expect(err).toContain('--connection')
      expect(fs.existsSync(out)).toBe(false)
      const db = new Database(cache.file, { readonly: true })
      try {
        expect(listActivity(db, 10)).toEqual([])
      } finally {
        db.close()
      }
    })

    it('with --connection writes only that organization and records it in the activity log', async () => {
      const io = fakeIo(cache.dir)
      const out = cache.out('globex.csv')
      const args = ['export', '--db', cache.file, '--format', 'csv', '--out', out]
      expect(
        await runCli([...args, '--connection', globex, '--columns', 'id,actor_email'], io),
      ).toBe(0)
      expect(io.err).toEqual([])
      expect(fs.readFileSync(out, 'utf8')).toBe(
        'id,actor_email\r\n' +
          [1, 2, 3, 4].map((seq) => `glx_00000${String(seq)},bo@globex.example\r\n`).join(''),
      )
      const db = new Database(cache.file, { readonly: true })
      try {
        expect(listActivity(db, 10)).toMatchObject([
          {
            kind: 'export',
            connectionId: globex,
            filter: JSON.stringify({ connectionId: globex }),
          },
        ])
      } finally {
        db.close()
      }
    })

    it('refuses an unknown --connection, listing the organizations', async () => {
      const io = fakeIo(cache.dir)
      const args = ['export', '--db', cache.file, '--format', 'csv', '--out', cache.out('x.csv')]
      expect(await runCli([...args, '--connection', 'con_nope'], io)).toBe(2)
      expect(io.err.join('')).toContain('--connection con_nope is not in')
      expect(io.err.join('')).toContain(`${globex} (Globex at http://127.0.0.1:2)`)
    })
  })

  it('documents --connection in its help', async () => {
    const io = fakeIo(cache.dir)
    expect(await runCli(['export', '--help'], io)).toBe(0)
    expect(io.out.join('')).toMatch(/--connection ID/)
  })
})
