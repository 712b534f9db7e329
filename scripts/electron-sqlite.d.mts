/** Where the better-sqlite3 addon for one target waits for electron-builder's extraResources. */
export declare function nativeAddonDirectory(electronPlatformName: string, archName: string): string

/** Puts better_sqlite3.node built for Electron on the target into nativeAddonDirectory. */
export declare function prepareSqliteForElectron(target: {
  electronVersion: string
  platform: string
  arch: string
}): string

/** The Node module ABI an addon was compiled for, or undefined when the file does not say. */
export declare function addonAbi(addon: Buffer): number | undefined
