import path from 'node:path'

/**
 * The per-user folder Audit Desk keeps its cache in when none is given, matching Electron's
 * `userData` for productName "Audit Desk": XDG config on Linux, Application Support on macOS,
 * %APPDATA% on Windows. `AUDIT_DESK_DATA_DIR` overrides it.
 */
export function defaultDataDirectory(
  platform: NodeJS.Platform,
  env: Readonly<Record<string, string | undefined>>,
  home: string,
): string {
  const override = env.AUDIT_DESK_DATA_DIR
  if (override !== undefined && override !== '') return path.resolve(override)
  if (platform === 'win32') {
    return path.win32.join(env.APPDATA ?? path.win32.join(home, 'AppData', 'Roaming'), 'Audit Desk')
  }
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Audit Desk')
  const configHome = env.XDG_CONFIG_HOME
  const base =
    configHome !== undefined && path.isAbsolute(configHome)
      ? configHome
      : path.join(home, '.config')
  return path.join(base, 'Audit Desk')
}
