import { describe, expect, it } from 'vitest'
import { saveDialogOptions } from './save-dialog-options'

describe('saveDialogOptions', () => {
  it('asks before replacing an existing file and offers a new folder', () => {
    expect(saveDialogOptions('/home/ana/Documents', 'audit-events.csv')).toEqual({
      defaultPath: '/home/ana/Documents/audit-events.csv',
      properties: ['showOverwriteConfirmation', 'createDirectory'],
    })
  })

  it('keeps the suggested name inside the folder', () => {
    expect(saveDialogOptions('/docs/', '../x/evil.csv').defaultPath).toBe('/docs/.._x_evil.csv')
  })
})
