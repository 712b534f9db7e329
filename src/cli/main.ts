// The audit-desk command: subcommand dispatch, --help for each, exit codes 0 (success),
// 1 (failure, one clear line on stderr) and 2 (usage error).
import { appVersion } from '../core/app-version'
import { demoServerCommand } from './commands/demo-server'
import { exportCommand } from './commands/export'
import { findingsCommand } from './commands/findings'
import { packCommand } from './commands/pack'
import { queryCommand } from './commands/query'
import { serveCommand } from './commands/serve'
import { syncCommand } from './commands/sync'
import { verifyCommand } from './commands/verify'
import { verifyPackCommand } from './commands/verify-pack'
import { UsageError, type CliIo, type Command } from './io'

const commands: readonly Command[] = [
  syncCommand,
  verifyCommand,
  queryCommand,
  exportCommand,
  packCommand,
  verifyPackCommand,
  findingsCommand,
  serveCommand,
  demoServerCommand,
]

const overview = `Usage: audit-desk <command> [options]

Audit Desk: offline review of your organization's audit logs and API request logs.

Commands:
${commands.map((command) => `  ${command.name.padEnd(14)} ${command.summary}`).join('\n')}

Options:
  -h, --help       Show this help, or a command's help with \`audit-desk <command> --help\`
  -v, --version    Print the version
`

/** Runs the CLI with the given arguments; resolves to the process exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    io.stdout(overview)
    return first === undefined ? 2 : 0
  }
  if (first === '-v' || first === '--version') {
    io.stdout(`${appVersion}\n`)
    return 0
  }
  const command = commands.find((candidate) => candidate.name === first)
  if (command === undefined) {
    io.stderr(`audit-desk: unknown command "${first}". Run 'audit-desk --help' for the list.\n`)
    return 2
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.help)
    return 0
  }
  try {
    return await command.run(rest, io)
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(
        `audit-desk ${command.name}: ${error.message.replace(/\.$/, '')}. Run 'audit-desk ${command.name} --help'.\n`,
      )
      return 2
    }
    io.stderr(`audit-desk ${command.name}: ${oneLine(error)}\n`)
    return 1
  }
}

function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  return text.replace(/\s+/g, ' ').trim()
}
