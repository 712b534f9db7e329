// The layer rule of CONVENTIONS.md §1, as ESLint configuration:
//   shared <- core <- {main, webhost, cli};  renderer -> shared only;
//   only src/main and src/preload may import electron.
// Kept in its own module so that a test can lint deliberate bad imports with exactly these rules.
import { builtinModules } from 'node:module'

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`), 'node:*']

const layer = (folder) => [`**/src/${folder}/**`, `../${folder}/*`, `../../${folder}/*`]

const electronBan = {
  name: 'electron',
  message: 'Only src/main and src/preload may import electron (CONVENTIONS.md §1).',
}

const restrict = (paths, patterns) => ({
  'no-restricted-imports': ['error', { paths, patterns }],
})

const banned = (groups, message) => ({ group: groups.flat(), message })

/** ESLint flat-config entries that enforce which layer may import which. */
export const layerRules = [
  {
    files: ['src/shared/**/*.{ts,tsx}'],
    rules: restrict(
      [
        electronBan,
        ...nodeBuiltins.map((name) => ({
          name,
          message: 'src/shared is pure TypeScript: no Node built-ins.',
        })),
      ],
      [
        banned([['react', 'react-dom', 'react/*']], 'src/shared is pure TypeScript: no React.'),
        banned(
          ['core', 'main', 'preload', 'renderer', 'webhost', 'cli', 'demo-org'].map(layer),
          'src/shared imports nothing from other layers.',
        ),
      ],
    ),
  },
  {
    files: ['src/core/**/*.ts', 'src/demo-org/**/*.ts'],
    rules: restrict(
      [electronBan],
      [
        banned([['react', 'react-dom', 'react/*']], 'Plain Node layers never import React.'),
        banned(
          ['main', 'preload', 'renderer', 'webhost', 'cli'].map(layer),
          'src/core and src/demo-org are imported by hosts, never the other way round.',
        ),
      ],
    ),
  },
  {
    files: ['src/webhost/**/*.ts', 'src/cli/**/*.ts'],
    rules: restrict(
      [electronBan],
      [
        banned([['react', 'react-dom', 'react/*']], 'Plain Node layers never import React.'),
        banned(
          ['main', 'preload', 'renderer'].map(layer),
          'Hosts talk to the core, not to each other.',
        ),
      ],
    ),
  },
  {
    files: ['src/main/**/*.ts'],
    rules: restrict(
      [],
      [
        banned(
          ['renderer', 'webhost', 'cli', 'preload'].map(layer),
          'src/main hosts the core only.',
        ),
      ],
    ),
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: restrict(
      [],
      [
        banned(
          ['core', 'main', 'renderer', 'webhost', 'cli', 'demo-org'].map(layer),
          'The preload may import only electron and src/shared.',
        ),
        banned([['zod', 'zod/*']], 'The sandboxed preload has no npm dependencies.'),
      ],
    ),
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    rules: restrict(
      [
        electronBan,
        ...nodeBuiltins.map((name) => ({
          name,
          message: 'The renderer runs in a browser: no Node built-ins.',
        })),
      ],
      [
        banned(
          ['core', 'main', 'preload', 'webhost', 'cli', 'demo-org'].map(layer),
          'The renderer talks to the core only through its client (src/renderer/client).',
        ),
        banned([['better-sqlite3']], 'The renderer never touches the database.'),
      ],
    ),
  },
]
