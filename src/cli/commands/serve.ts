import path from 'node:path'
import { inspectCountryDatabase } from '../../core/geo/country-database'
import { startWebhost } from '../../webhost/server'
import { stderrLogger, UsageError, type Command } from '../io'
import { parseOptions, parsePort, parseWhole, resolveDataDirectory } from '../options'

/** `audit-desk serve`: browser mode on 127.0.0.1 until Ctrl+C. */
export const serveCommand: Command = {
  name: 'serve',
  summary: 'Run Audit Desk in your browser (browser mode) on 127.0.0.1',
  help: `Usage: audit-desk serve [--port N] [--data-dir DIR] [--country-db FILE]

Starts the Audit Desk core and serves the app on http://127.0.0.1 for use in a browser.
Prints a URL carrying a per-launch token: only a browser that opened that URL can use it.
Runs until Ctrl+C.

Options:
  --port N         TCP port on 127.0.0.1 (default 0: a free port)
  --data-dir DIR   Folder holding the cache (default: AUDIT_DESK_DATA_DIR, else the
                   per-user Audit Desk folder, the same one the desktop app uses)
  --demo-audit-events N   Size of the demo organization "Explore the demo" starts
                          (default 30000 audit events)
  --demo-request-logs N   (default 150000 request log entries)
  --country-db FILE       Use this MaxMind-format country database (.mmdb, such as
                          GeoLite2-Country.mmdb) instead of the packaged one; it is checked
                          first, kept as the cache's setting, and every address is placed again
  -h, --help       Show this help
`,
  run: async (args, io) => {
    const { values } = parseOptions(args, {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      'demo-audit-events': { type: 'string' },
      'demo-request-logs': { type: 'string' },
      'country-db': { type: 'string' },
    })
    const dataDirectory = resolveDataDirectory(values['data-dir'], io)
    const countryFile = values['country-db']
    if (countryFile === '') throw new UsageError('--country-db needs a file name')
    // Checked before anything starts: a file that is not a country database stops here.
    const countryDatabaseFile =
      countryFile === undefined ? undefined : inspectCountryDatabase(path.resolve(countryFile)).file
    const host = await startWebhost({
      dataDirectory,
      rendererDirectory: io.rendererDirectory,
      port: parsePort(values.port, 0),
      logger: stderrLogger(io),
      ...(countryDatabaseFile === undefined ? {} : { countryDatabaseFile }),
      demo: {
        auditEvents: parseWhole(
          'demo-audit-events',
          values['demo-audit-events'],
          30_000,
          100,
          5_000_000,
        ),
        requestLogs: parseWhole(
          'demo-request-logs',
          values['demo-request-logs'],
          150_000,
          100,
          20_000_000,
        ),
      },
    })
    io.stdout(`Audit Desk is running in browser mode.\n`)
    io.stdout(`Open: ${host.url}\n`)
    io.stdout(`Data directory: ${dataDirectory}\n`)
    io.stdout(`Press Ctrl+C to stop.\n`)
    const signal = await io.untilStopped()
    await host.close()
    io.stderr(`Stopped (${signal}).\n`)
    return 0
  },
}
