import type { FuseConfig } from '@electron/fuses'

/** The fuse choice Audit Desk ships with, by @electron/fuses FuseV1Options name. */
export declare const fuseSettings: Readonly<{
  RunAsNode: false
  EnableCookieEncryption: true
  EnableNodeOptionsEnvironmentVariable: false
  EnableNodeCliInspectArguments: false
  EnableEmbeddedAsarIntegrityValidation: true
  OnlyLoadAppFromAsar: true
}>

/** The part of electron-builder's AfterPackContext the fuse step reads. */
export type FusePackContext = {
  appOutDir: string
  electronPlatformName: string
  packager: { appInfo: { productFilename: string }; executableName: string }
}

/** The @electron/fuses configuration for fuseSettings. */
export declare function fuseConfig(options: { resetAdHocDarwinSignature: boolean }): FuseConfig

/** The packaged executable whose fuse wire is flipped. */
export declare function packagedExecutable(context: FusePackContext): string

/** Flips the fuses of the packaged app; returns the executable it changed. */
export declare function setFuses(context: FusePackContext, archName: string): Promise<string>
