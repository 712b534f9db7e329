import type { Logger } from '../core/ports'

/** What a command may touch of the process: its streams, environment and signals. Tests fake it. */
export interface CliIo {
  stdout: (text: string) => void
  stderr: (text: string) => void
  env: Readonly<Record<string, string | undefined>>
  /** The built renderer that `serve` hands out (out/renderer of this package). */
  rendererDirectory: string
  /** Whether stderr is a terminal (progress bars are drawn only then). */
  stderrIsTty: boolean
  /** Asks for a secret without echoing it; undefined when there is no terminal to ask on. */
  promptSecret: (question: string) => Promise<string | undefined>
  /** Resolves when the user asks the process to stop (SIGINT, SIGTERM). */
  untilStopped: () => Promise<string>
}

/** A failure the user caused by how they called the command: exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}

/** A command-line command. `run` resolves to the exit code. */
export interface Command {
  name: string
  summary: string
  help: string
  run: (args: readonly string[], io: CliIo) => Promise<number>
}

/** A logger writing one line per entry to stderr; fields are plain JSON, never secrets. */
export function stderrLogger(io: CliIo): Logger {
  const write = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    io.stderr(`${level} ${message}${fields === undefined ? '' : ` ${JSON.stringify(fields)}`}\n`)
  }
  return { info: write('info'), warn: write('warn'), error: write('error') }
}
