import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

/** A fresh temporary directory and a function that removes it. */
export function makeTempDir(prefix = 'audit-desk-test-'): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  return {
    dir,
    remove: () => {
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}
