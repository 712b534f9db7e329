import { builtinModules } from 'node:module'
import { resolve } from 'node:path'
import { defineConfig } from 'vite'
import packageJson from './package.json' with { type: 'json' }

// Builds the plain-Node entry points (the audit-desk CLI, which also hosts browser mode) into
// out/cli, with npm dependencies left external so better-sqlite3 loads its Node build.
const external = [
  ...Object.keys(packageJson.dependencies),
  ...builtinModules,
  ...builtinModules.map((name) => `node:${name}`),
]

export default defineConfig({
  build: {
    outDir: 'out/cli',
    emptyOutDir: true,
    target: 'node20',
    ssr: true,
    minify: false,
    sourcemap: true,
    rolldownOptions: {
      input: { index: resolve(import.meta.dirname, 'src/cli/index.ts') },
      external: (id) => external.some((name) => id === name || id.startsWith(`${name}/`)),
      output: { format: 'es', entryFileNames: '[name].js' },
    },
  },
})
