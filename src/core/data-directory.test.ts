import { describe, expect, it } from 'vitest'
import { defaultDataDirectory } from './data-directory'

describe('defaultDataDirectory', () => {
  it('uses XDG_CONFIG_HOME on Linux when it is absolute, else ~/.config', () => {
    expect(defaultDataDirectory('linux', { XDG_CONFIG_HOME: '/x/cfg' }, '/home/ana')).toBe(
      '/x/cfg/Audit Desk',
    )
    expect(defaultDataDirectory('linux', { XDG_CONFIG_HOME: 'relative' }, '/home/ana')).toBe(
      '/home/ana/.config/Audit Desk',
    )
    expect(defaultDataDirectory('linux', {}, '/home/ana')).toBe('/home/ana/.config/Audit Desk')
  })

  it('uses Application Support on macOS and APPDATA on Windows', () => {
    expect(defaultDataDirectory('darwin', {}, '/Users/ana')).toBe(
      '/Users/ana/Library/Application Support/Audit Desk',
    )
    expect(
      defaultDataDirectory(
        'win32',
        { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' },
        'C:\\Users\\ana',
      ),
    ).toBe('C:\\Users\\ana\\AppData\\Roaming\\Audit Desk')
  })

  it('lets AUDIT_DESK_DATA_DIR override every platform default', () => {
    expect(defaultDataDirectory('darwin', { AUDIT_DESK_DATA_DIR: '/data/ad' }, '/Users/ana')).toBe(
      '/data/ad',
    )
  })
})
