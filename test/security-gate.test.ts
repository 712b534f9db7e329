import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { readShellSources } from '../scripts/security-gate'
import { scanElectronShell, type ScanInput } from '../scripts/security-scan'

const shell = readShellSources(path.join(import.meta.dirname, '..'))

// The real sources with one file's text changed, so each test proves one rule bites.
function mutated(file: string, from: string | RegExp, to: string): ScanInput {
  const text = shell.files.get(file)
  if (text === undefined) throw new Error(`${file} is not scanned`)
  const changed = text.replace(from, to)
  if (changed === text) throw new Error(`${file} no longer contains ${String(from)}`)
  return { ...shell, files: new Map([...shell.files, [file, changed]]) }
}

function rules(input: ScanInput): string[] {
  return scanElectronShell(input)
    .filter((finding) => finding.severity === 'high')
    .map((finding) => `${finding.rule}: ${finding.message}`)
}

describe('the static security gate', () => {
  it('finds nothing high in the shell as it is', () => {
    expect(shell.files.has('src/main/window.ts')).toBe(true)
    expect(shell.files.has('src/preload/index.ts')).toBe(true)
    expect(rules(shell)).toEqual([])
  })

  it('follows the web preferences into their function and flags each insecure value', () => {
    const file = 'src/main/window-options.ts'
    expect(rules(mutated(file, 'sandbox: true', 'sandbox: false'))).toEqual([
      'web-preferences: new BrowserWindow: sandbox must be true, is false.',
    ])
    expect(rules(mutated(file, 'contextIsolation: true,', ''))).toEqual([
      'web-preferences: new BrowserWindow: contextIsolation must be true, is absent.',
    ])
    expect(
      rules(mutated(file, 'nodeIntegrationInSubFrames: false', 'nodeIntegrationInSubFrames: true')),
    ).toHaveLength(1)
    expect(rules(mutated(file, 'webSecurity: true', 'webSecurity: isDev'))).toEqual([
      'web-preferences: new BrowserWindow: webSecurity must be true, is isDev.',
    ])
    expect(rules(mutated(file, 'experimentalFeatures: false', "enableBlinkFeatures: 'X'"))).toEqual(
      ['web-preferences: new BrowserWindow: enableBlinkFeatures is set.'],
    )
  })

  it('fails closed when the web preferences cannot be resolved', () => {
    const input = mutated(
      'src/main/window.ts',
      'mainWindowWebPreferences(preloadPath)',
      'preferences',
    )
    expect(rules(input)).toEqual([
      'web-preferences: new BrowserWindow: webPreferences cannot be resolved to an object literal, so nothing proves they are safe.',
    ])
  })

  it('requires the window.open, navigation and permission handlers', () => {
    const window = 'src/main/window.ts'
    expect(rules(mutated(window, 'setWindowOpenHandler', 'removeAllListeners'))).toEqual([
      'window-open: No setWindowOpenHandler: window.open is unchecked.',
    ])
    expect(rules(mutated(window, "on('will-navigate'", "on('did-navigate'"))).toEqual([
      "navigation: No 'will-navigate' handler: the page can navigate away.",
    ])
    expect(
      rules(mutated(window, 'setPermissionRequestHandler', 'setDevicePermissionHandler')),
    ).toEqual([
      'permissions: No setPermissionRequestHandler: permission requests are granted by default.',
    ])
  })

  it('flags shell.openExternal outside an allowlist check', () => {
    const input = mutated(
      'src/main/window.ts',
      'if (decision.openExternally) void shell.openExternal(url)',
      'void shell.openExternal(url)',
    )
    expect(rules(input)).toEqual([
      'open-external: shell.openExternal is not inside an if on isAllowedExternalUrl or a decision.openExternally.',
    ])
  })

  it('flags an IPC handler that skips the sender check and a bridge that leaks ipcRenderer', () => {
    expect(
      rules(
        mutated('src/main/ipc.ts', /if \(!isTrustedSender\([^)]*\)\) \{/, 'if (sender === null) {'),
      ),
    ).toEqual(['ipc-sender: ipcMain.handle handler does not check isTrustedSender.'])
    expect(
      rules(
        mutated(
          'src/preload/index.ts',
          '{ ...bridge, subscribe }',
          '{ ...bridge, subscribe, ipcRenderer }',
        ),
      ),
    ).toEqual(['preload-bridge: exposeInMainWorld hands the page ipcRenderer itself.'])
  })

  it('flags handlers registered on webContents.ipc or through element access without a sender check', () => {
    const ipc = 'src/main/ipc.ts'
    const unchecked = 'async (_event, method: unknown, input: unknown) => dispatch(method, input)'
    const add = (registration: string) =>
      rules(mutated(ipc, 'return () => {', `${registration}\n  return () => {`))
    expect(add(`window.webContents.ipc.handle(invokeChannel, ${unchecked})`)).toEqual([
      'ipc-sender: window.webContents.ipc.handle handler does not check isTrustedSender.',
    ])
    expect(add(`contents.ipc.on('x', ${unchecked})`)).toEqual([
      'ipc-sender: contents.ipc.on handler does not check isTrustedSender.',
    ])
    expect(add(`contents['ipc'].once('x', ${unchecked})`)).toEqual([
      "ipc-sender: contents['ipc'].once handler does not check isTrustedSender.",
    ])
    expect(add(`ipcMain['handle'](invokeChannel, ${unchecked})`)).toEqual([
      'ipc-sender: ipcMain.handle handler does not check isTrustedSender.',
    ])
    expect(add(`ipcMain[registration](invokeChannel, ${unchecked})`)).toEqual([
      'ipc-sender: ipcMain[...] is called with a computed method name, so its handler cannot be checked.',
    ])
    // The same registrations with the sender check pass, so the rule is about the check.
    const checked =
      'async (event) => (isTrustedSender(null, location) ? dispatch(event, null) : undefined)'
    expect(add(`window.webContents.ipc.handle(invokeChannel, ${checked})`)).toEqual([])
    expect(add(`ipcMain['on']('x', ${checked})`)).toEqual([])
  })

  it('flags a weak renderer CSP, remote pages and dangerous Chromium switches', () => {
    const weakPolicy = shell.rendererHtml.replace(
      "script-src 'self'",
      "script-src 'self' 'unsafe-eval'",
    )
    expect(rules({ ...shell, rendererHtml: weakPolicy })).toEqual([
      "csp: script-src allows 'unsafe-eval'.",
    ])
    const remote = mutated(
      'src/main/index.ts',
      'void window.loadURL(appPageUrl)',
      "void window.loadURL('https://evil.example/')",
    )
    expect(rules(remote)).toEqual([
      `remote-content: loadURL("https://evil.example/") loads a page the gate cannot prove is the app's own.`,
    ])
    const localFile = mutated(
      'src/main/index.ts',
      'void window.loadURL(appPageUrl)',
      'void window.loadURL(pageFromSomewhere)',
    )
    expect(rules(localFile)).toEqual([
      `remote-content: loadURL(pageFromSomewhere) loads a page the gate cannot prove is the app's own.`,
    ])
    const insecureSwitch = mutated(
      'src/main/index.ts',
      'function start(): void {',
      "app.commandLine.appendSwitch('ignore-certificate-errors')\nfunction start(): void {",
    )
    expect(rules(insecureSwitch)).toEqual([
      `dangerous-switch: "ignore-certificate-errors" weakens Chromium's security.`,
    ])
  })
})
