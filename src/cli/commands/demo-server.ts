import { parseFaults, startDemoServer } from '../../demo-org/index'
import { UsageError, type Command } from '../io'
import { parseOptions, parsePort, parseWhole } from '../options'

/** `audit-desk demo-server`: the demo organization API on 127.0.0.1 until Ctrl+C. */
export const demoServerCommand: Command = {
  name: 'demo-server',
  summary: 'Serve a generated demo organization over the organization API',
  help: `Usage: audit-desk demo-server [--port N] [--seed N] [--audit-events N] [--request-logs N]
                              [--days N] [--live] [--faults SPEC] [--data-dir DIR]

Generates a believable organization (members, projects, templates, API keys and 90 days of
activity with injected security incidents) and serves it on http://127.0.0.1 following the
organization API contract. Prints the URL, the demo API keys and where the ground truth of the
injected incidents was written. Runs until Ctrl+C.

Options:
  --port N            TCP port (default 0: a free port)
  --seed N            generator seed; the same seed gives the same organization (default 1)
  --audit-events N    about how many audit events (default 50000)
  --request-logs N    about how many request log entries (default 500000)
  --days N            days of history, 3 to 400 (default 90)
  --live              keep adding new activity every second
  --faults SPEC       inject faults, e.g. rate-limit=60,error-rate=0.1,burst-429=5,slow=50,
                      repeat=0.2,revoke-after=100,expire-cursor-at=3,truncate=0.1
  --data-dir DIR      keep the generated data and ground-truth.json here (default: a temp folder
                      removed on exit)
  -h, --help          Show this help
`,
  run: async (args, io) => {
    const { values } = parseOptions(args, {
      port: { type: 'string' },
      seed: { type: 'string' },
      'audit-events': { type: 'string' },
      'request-logs': { type: 'string' },
      days: { type: 'string' },
      live: { type: 'boolean' },
      faults: { type: 'string' },
      'data-dir': { type: 'string' },
    })
    let faults
    try {
      faults = parseFaults(values.faults ?? '')
    } catch (error) {
      throw new UsageError(`--faults: ${error instanceof Error ? error.message : String(error)}`)
    }
    io.stderr('Generating the demo organization…\n')
    const server = await startDemoServer({
      port: parsePort(values.port, 0),
      seed: parseWhole('seed', values.seed, 1, 0, 2 ** 31),
      auditEvents: parseWhole('audit-events', values['audit-events'], 50_000, 1, 100_000_000),
      requestLogs: parseWhole('request-logs', values['request-logs'], 500_000, 1, 100_000_000),
      days: parseWhole('days', values.days, 90, 3, 400),
      live: values.live === true,
      faults,
      ...(values['data-dir'] === undefined ? {} : { dataDirectory: values['data-dir'] }),
    })
    io.stdout(`Demo organization "${server.organization.name}" (${server.organization.id})\n`)
    io.stdout(`URL: ${server.url}\n`)
    io.stdout(`API key (audit_logs:read): ${server.keys.full}\n`)
    io.stdout(`API key without the scope (403): ${server.keys.noScope}\n`)
    io.stdout(`Revoked API key (401): ${server.keys.revoked}\n`)
    io.stdout(
      `Events: ${server.counts.auditEvents} audit, ${server.counts.requestLogs} request logs (generated in ${(server.counts.generationMs / 1000).toFixed(1)} s)\n`,
    )
    io.stdout(`Ground truth of injected incidents: ${server.groundTruthPath}\n`)
    io.stdout(
      `Sync it: AUDIT_DESK_API_KEY=${server.keys.full} audit-desk sync --url ${server.url} --db demo.sqlite\n`,
    )
    io.stdout('Press Ctrl+C to stop.\n')
    const signal = await io.untilStopped()
    await server.close()
    io.stderr(`Stopped (${signal}).\n`)
    return 0
  },
}
