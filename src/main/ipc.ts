import { ipcMain, type WebContents } from 'electron'
import type { Dispatch } from '../core/dispatcher'
import type { CoreEvent } from '../shared/contract'
import { eventChannel, invokeChannel } from '../shared/method-names'
import { fail } from '../shared/result'
import { isTrustedSender, type AppLocation } from './security'

/**
 * Registers the one invoke channel: every call is checked for its sender (the app's own main
 * frame) and then handed, untrusted, to the dispatcher, which validates it against the contract.
 */
export function registerIpc(dispatch: Dispatch, location: AppLocation): () => void {
  ipcMain.handle(invokeChannel, async (event, method: unknown, input: unknown) => {
    const frame = event.senderFrame
    const sender =
      frame === null ? null : { url: frame.url, isMainFrame: frame === event.sender.mainFrame }
    if (!isTrustedSender(sender, location)) {
      return fail('forbidden', 'This frame may not call Audit Desk.')
    }
    return dispatch(method, input)
  })
  return () => {
    ipcMain.removeHandler(invokeChannel)
  }
}

/** Sends a core event to a window's page, if it is still open. */
export function sendEvent(contents: WebContents, event: CoreEvent): void {
  if (!contents.isDestroyed()) contents.send(eventChannel, event)
}
