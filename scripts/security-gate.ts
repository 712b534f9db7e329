// `npm run security`: the static security gate over the Electron shell (src/main, src/preload and
// the renderer's CSP). Prints every finding and exits 1 when any is high. See security-scan.ts.
import fs from 'node:fs'
import path from 'node:path'
import { scanElectronShell, type ScanInput } from './security-scan'

const root = path.join(import.meta.dirname, '..')

/** Reads the shell's sources as the gate scans them: non-test TypeScript in src/main and src/preload. */
export function readShellSources(repositoryRoot: string): ScanInput {
  const files = new Map<string, string>()
  for (const folder of ['src/main', 'src/preload']) {
    const entries = fs.readdirSync(path.join(repositoryRoot, folder), { recursive: true })
    for (const entry of entries.map(String).sort()) {
      if (!entry.endsWith('.ts') || entry.endsWith('.test.ts') || entry.endsWith('.d.ts')) continue
      const relative = path.posix.join(folder, entry.split(path.sep).join('/'))
      files.set(relative, fs.readFileSync(path.join(repositoryRoot, relative), 'utf8'))
    }
  }
  const rendererHtml = fs.readFileSync(path.join(repositoryRoot, 'src/renderer/index.html'), 'utf8')
  return { files, rendererHtml }
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === import.meta.filename) {
  const input = readShellSources(root)
  const findings = scanElectronShell(input)
  for (const finding of findings) {
    const where = finding.line > 0 ? `${finding.file}:${finding.line}` : finding.file
    console.log(`${finding.severity.toUpperCase()} ${finding.rule} ${where}: ${finding.message}`)
  }
  const high = findings.filter((finding) => finding.severity === 'high').length
  console.log(
    `security gate: ${input.files.size} files scanned, ${high} high and ${findings.length - high} medium findings`,
  )
  process.exitCode = high > 0 ? 1 : 0
}
