import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'
import { layerRules } from '../eslint.layers.js'

// Lints deliberate bad imports with exactly the layer rules that eslint.config.js applies, proving
// the rule fails where CONVENTIONS.md §1 says an arrow is forbidden (and passes where it is allowed).
const eslint = new ESLint({
  overrideConfigFile: true,
  overrideConfig: [
    { languageOptions: { ecmaVersion: 'latest', sourceType: 'module' } },
    ...layerRules,
  ],
})

async function violations(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return (result?.messages ?? []).map(
    (message) => `${message.ruleId ?? 'parse'}: ${message.message}`,
  )
}

describe('layer rule', () => {
  it.each([
    ['src/core/sync/engine.ts', "import { app } from 'electron'"],
    ['src/core/export/csv.ts', "import { useState } from 'react'"],
    ['src/core/store/x.ts', "import { registerIpc } from '../../main/ipc'"],
    ['src/renderer/views/Bad.ts', "import fs from 'node:fs'"],
    ['src/renderer/views/Bad.ts', "import path from 'path'"],
    ['src/renderer/views/Bad.ts', "import { openDatabase } from '../../core/store/database'"],
    ['src/renderer/views/Bad.ts', "import Database from 'better-sqlite3'"],
    ['src/renderer/views/Bad.ts', "import { ipcRenderer } from 'electron'"],
    ['src/shared/contract.ts', "import { createHash } from 'node:crypto'"],
    ['src/shared/contract.ts', "import { createCore } from '../core/core'"],
    ['src/webhost/server.ts', "import { BrowserWindow } from 'electron'"],
    ['src/cli/main.ts', "import { app } from 'electron'"],
    ['src/demo-org/server.ts', "import { serveCommand } from '../cli/commands/serve'"],
    ['src/preload/index.ts', "import { z } from 'zod'"],
    ['src/preload/index.ts', "import { createCore } from '../core/core'"],
  ])('fails %s importing: %s', async (filePath, code) => {
    const found = await violations(filePath, code)
    expect(found).toHaveLength(1)
    expect(found[0]).toMatch(/^no-restricted-imports: /)
  })

  it.each([
    [
      'src/core/store/database.ts',
      "import Database from 'better-sqlite3'\nimport fs from 'node:fs'",
    ],
    ['src/core/core.ts', "import { methods } from '../shared/contract'"],
    [
      'src/main/index.ts',
      "import { app } from 'electron'\nimport { createCore } from '../core/core'",
    ],
    [
      'src/preload/index.ts',
      "import { contextBridge } from 'electron'\nimport { methodNames } from '../shared/method-names'",
    ],
    [
      'src/renderer/App.tsx',
      "import { useState } from 'react'\nimport { methods } from '../shared/contract'",
    ],
    ['src/webhost/server.ts', "import { createCore } from '../core/core'"],
  ])('allows %s importing: %s', async (filePath, code) => {
    expect(await violations(filePath, code)).toEqual([])
  })
})
