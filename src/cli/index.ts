// Entry point of the audit-desk command (bin/audit-desk.js loads the build of this file).
import { runCli } from './main'
import { promptHidden } from './prompt'
import type { CliIo } from './io'
import { locateRendererDirectory } from './locate'

const io: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  rendererDirectory: locateRendererDirectory(import.meta.dirname),
  stderrIsTty: process.stderr.isTTY,
  promptSecret: (question) => promptHidden(question),
  untilStopped: () =>
    new Promise((resolve) => {
      process.once('SIGINT', () => {
        resolve('SIGINT')
      })
      process.once('SIGTERM', () => {
        resolve('SIGTERM')
      })
    }),
}

process.exitCode = await runCli(process.argv.slice(2), io)
