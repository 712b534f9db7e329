#!/usr/bin/env node
// Guards `npm run test:e2e`: the e2e suite drives the built app, so say what to do when it is missing.
import fs from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const needed = ['out/renderer/index.html', 'out/cli/index.js']
const missing = needed.filter((file) => !fs.existsSync(path.join(root, file)))
if (missing.length > 0) {
  process.stderr.write(
    `test:e2e: the app is not built (${missing.join(', ')} missing). Run \`npm run build\` first.\n`,
  )
  process.exit(1)
}
