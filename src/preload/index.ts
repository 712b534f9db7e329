// The sandboxed preload: exposes exactly one function per contract method on window.auditDesk,
// plus a subscription to core events. No npm dependencies; validation happens in the core.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import type { BridgeEventListener } from '../shared/bridge'
import { eventChannel, invokeChannel, methodNames } from '../shared/method-names'

const bridge = Object.fromEntries(
  methodNames.map((method) => [
    method,
    (input: unknown) => ipcRenderer.invoke(invokeChannel, method, input),
  ]),
)

const subscribe = (listener: BridgeEventListener): (() => void) => {
  const forward = (_event: IpcRendererEvent, payload: unknown) => {
    listener(payload)
  }
  ipcRenderer.on(eventChannel, forward)
  return () => {
    ipcRenderer.removeListener(eventChannel, forward)
  }
}

const api: Record<string, unknown> = { ...bridge, subscribe }
contextBridge.exposeInMainWorld('auditDesk', api)
