// The native save dialog's options for exports and packs (no electron import, so Node tests
// cover them). GTK's chooser asks before replacing a file only when told to, so Linux users
// would otherwise overwrite an earlier export without a question.
import path from 'node:path'

/** The subset of Electron's SaveDialogOptions the app sets. */
export type SaveDialogSettings = {
  defaultPath: string
  properties: ('showOverwriteConfirmation' | 'createDirectory')[]
}

/** Options for saving `suggestedName` in `folder`: confirm overwrites (Linux), allow a new folder (macOS). */
export function saveDialogOptions(folder: string, suggestedName: string): SaveDialogSettings {
  const name = suggestedName.replace(/[/\\]/g, '_')
  return {
    defaultPath: path.join(folder, name),
    properties: ['showOverwriteConfirmation', 'createDirectory'],
  }
}
