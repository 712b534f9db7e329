// The Electron fuses Audit Desk ships with, and how the packaging step flips them (electron-builder
// calls afterPack in scripts/package-hooks.mjs, before signing). Fuses are bits compiled into the
// Electron binary; flipping them turns features off that no setting in the app could turn back on.
import path from 'node:path'
import { FuseV1Options, FuseVersion, flipFuses } from '@electron/fuses'

/** The fuse choice, by @electron/fuses FuseV1Options name. */
export const fuseSettings = Object.freeze({
  // The binary cannot be used as a plain Node.js (ELECTRON_RUN_AS_NODE) to run arbitrary code.
  RunAsNode: false,
  // Cookies on disk are encrypted with an OS-protected key.
  EnableCookieEncryption: true,
  // NODE_OPTIONS cannot inject --require or flags into the app.
  EnableNodeOptionsEnvironmentVariable: false,
  // --inspect and friends cannot attach a debugger to the main process.
  EnableNodeCliInspectArguments: false,
  // app.asar is checked against the hash electron-builder embeds (macOS and Windows).
  EnableEmbeddedAsarIntegrityValidation: true,
  // The app is only loaded from app.asar, never from a loose app/ folder placed beside it.
  OnlyLoadAppFromAsar: true,
  // file:// pages get none of Electron's extra privileges (fetch, service workers, opening other
  // file:// pages): the renderer is served on app://audit-desk/ and nothing loads from file://.
  GrantFileProtocolExtraPrivileges: false,
})

/** The @electron/fuses configuration for fuseSettings; ad-hoc re-signing for Apple silicon. */
export function fuseConfig({ resetAdHocDarwinSignature }) {
  const config = { version: FuseVersion.V1, resetAdHocDarwinSignature }
  for (const [name, value] of Object.entries(fuseSettings)) {
    const wire = FuseV1Options[name]
    if (typeof wire !== 'number') throw new Error(`@electron/fuses has no fuse named ${name}`)
    config[wire] = value
  }
  return config
}

/** The packaged executable whose fuse wire is flipped, for electron-builder's pack context. */
export function packagedExecutable({ appOutDir, electronPlatformName, packager }) {
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.app`)
    case 'win32':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.exe`)
    case 'linux':
      return path.join(appOutDir, packager.executableName)
    default:
      throw new Error(`cannot set fuses for the unknown platform ${String(electronPlatformName)}`)
  }
}

/** Flips the fuses of the packaged app in `context` (an electron-builder AfterPackContext). */
export async function setFuses(context, archName) {
  const executable = packagedExecutable(context)
  // Flipping fuses breaks an arm64 macOS ad-hoc signature; re-sign ad hoc before the real signing.
  const isAppleSilicon =
    (context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas') &&
    (archName === 'arm64' || archName === 'universal')
  await flipFuses(executable, fuseConfig({ resetAdHocDarwinSignature: isAppleSilicon }))
  return executable
}
