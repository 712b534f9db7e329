// Browser mode's own overhead: the round trip of one contract call over loopback HTTP
// (POST /api/invoke → dispatcher → handler → JSON), which every browser-mode interaction pays.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { silentLogger } from '../src/core/ports'
import { startWebhost } from '../src/webhost/server'
import type { BenchRow, BenchSuite } from './harness'

/** app.info round trips over browser mode's HTTP boundary, sequentially. */
export const webhostSuite: BenchSuite = {
  name: 'webhost',
  run: async ({ quick }) => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-desk-bench-'))
    const rendererDirectory = path.join(directory, 'renderer')
    fs.mkdirSync(rendererDirectory)
    fs.writeFileSync(path.join(rendererDirectory, 'index.html'), '<!doctype html>')
    const host = await startWebhost({
      dataDirectory: path.join(directory, 'data'),
      rendererDirectory,
      logger: silentLogger,
    })
    const calls = quick ? 200 : 5_000
    const durations: number[] = []
    try {
      for (let index = 0; index < calls; index += 1) {
        const started = performance.now()
        const response = await fetch(`${host.origin}/api/invoke`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${host.token}` },
          body: '{"method":"app.info","input":{}}',
        })
        if (!response.ok) throw new Error(`app.info answered ${response.status}`)
        await response.arrayBuffer()
        durations.push(performance.now() - started)
      }
    } finally {
      await host.close()
      fs.rmSync(directory, { recursive: true, force: true })
    }
    durations.sort((a, b) => a - b)
    const at = (quantile: number) =>
      durations[Math.min(durations.length - 1, Math.floor(quantile * durations.length))] ?? 0
    const row = (name: string, value: number, unit: string): BenchRow => ({
      suite: 'webhost',
      case: name,
      value,
      unit,
      note: `${calls} sequential calls`,
    })
    return [
      row('app.info round trip p50', at(0.5), 'ms'),
      row('app.info round trip p95', at(0.95), 'ms'),
    ]
  },
}
