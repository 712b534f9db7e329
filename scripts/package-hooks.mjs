// electron-builder hooks (named in electron-builder.yml), run once per platform and architecture.
import { Arch } from 'electron-builder'
import { setFuses } from './electron-fuses.mjs'
import { prepareSqliteForElectron } from './electron-sqlite.mjs'

/** Before the app is copied: better-sqlite3 for this target's Electron, for extraResources. */
export function beforePack(context) {
  const target = prepareSqliteForElectron({
    electronVersion: context.packager.info.framework.version,
    platform: context.electronPlatformName,
    arch: Arch[context.arch],
  })
  process.stdout.write(`  • better-sqlite3 for Electron  file=${target}\n`)
}

/** After the app is copied, before signing: the fuses of scripts/electron-fuses.mjs. */
export async function afterPack(context) {
  const executable = await setFuses(context, Arch[context.arch])
  process.stdout.write(`  • Electron fuses set  file=${executable}\n`)
}
