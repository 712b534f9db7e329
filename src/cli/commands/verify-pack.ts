// `audit-desk verify-pack`: checks an audit pack zip (issue 7, item 6): exit 0 valid, 1 invalid.
import fs from 'node:fs'
import path from 'node:path'
import { verifyPack } from '../../core/pack/verify-pack'
import { UsageError, type Command } from '../io'
import { parseOptions } from '../options'

/** `audit-desk verify-pack FILE.zip`. */
export const verifyPackCommand: Command = {
  name: 'verify-pack',
  summary: 'Check an audit pack: hashes, signature, row counts and server digests',
  help: `Usage: audit-desk verify-pack FILE.zip

Checks an audit pack without extracting it: every file's SHA-256 against manifest.json and
SHA256SUMS, no missing or extra files, the manifest's Ed25519 signature with the included
signing-key.pem, each data file's row count against the manifest, that JSON Lines parse, the
reviewer activity log's hash chain, and, where the pack holds whole unredacted days, the events
against the server's own signed daily digests. Compare the printed key fingerprint with the one
the exporting team gave you.

Exit code 0 when every check passes, 1 when one fails (each failed check is printed), 2 on a
usage error.
`,
  run: async (args, io) => {
    const [file, ...others] = args
    if (file === undefined || file.startsWith('-') || others.length > 0) {
      parseOptions(
        args.filter((arg) => arg.startsWith('-')),
        {},
      )
      throw new UsageError('give exactly one pack file: audit-desk verify-pack FILE.zip')
    }
    const zipPath = path.resolve(file)
    if (!fs.existsSync(zipPath)) throw new Error(`There is no file ${zipPath}.`)
    const result = await verifyPack(zipPath)
    const failed = result.checks.filter((check) => !check.isPassed)
    const signature = result.checks.find((check) => check.name === 'signature')
    if (failed.length === 0) {
      io.stdout(
        [
          `Valid audit pack: all ${String(result.checks.length)} checks passed.`,
          ...(signature === undefined ? [] : [signature.detail]),
          ...result.checks
            .filter((check) => check.detail.startsWith('not applicable'))
            .map((check) => `${check.name}: ${check.detail}`),
          '',
        ].join('\n'),
      )
      return 0
    }
    io.stdout(
      [
        `INVALID audit pack: ${String(failed.length)} of ${String(result.checks.length)} checks failed.`,
        ...failed.map((check) => `FAILED ${check.name}: ${check.detail}`),
        '',
      ].join('\n'),
    )
    return 1
  },
}
