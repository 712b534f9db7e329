#!/usr/bin/env node
// The audit-desk command. Runs the build in out/cli (made by `npm run build`) with plain Node.
// In development without a build: `npm run cli -- <command>` runs the TypeScript through tsx.
import { existsSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'

const entry = fileURLToPath(new URL('../out/cli/index.js', import.meta.url))
if (!existsSync(entry)) {
  process.stderr.write(
    'audit-desk: the command is not built yet. Run `npm run build` (or `npm run cli -- <command>` to run from source).\n',
  )
  process.exit(1)
}
await import(pathToFileURL(entry).href)
