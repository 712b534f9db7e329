import type { CliIo } from '../../src/cli/io'

/** A CLI io that records output and stops when told. */
export type FakeIo = CliIo & { out: string[]; err: string[]; stop: (signal: string) => void }

/** Builds a fake io for runCli. */
export function fakeIo(rendererDirectory: string, env: Record<string, string> = {}): FakeIo {
  const out: string[] = []
  const err: string[] = []
  let stop: (signal: string) => void = () => undefined
  const stopped = new Promise<string>((resolve) => {
    stop = resolve
  })
  return {
    out,
    err,
    stop: (signal) => {
      stop(signal)
    },
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env,
    rendererDirectory,
    stderrIsTty: false,
    promptSecret: () => Promise.resolve(undefined),
    untilStopped: () => stopped,
  }
}
