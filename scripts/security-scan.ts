// The static security gate for the Electron shell, parsed with the TypeScript compiler API.
//
// Why not Electronegativity (@doyensec/electronegativity 1.10.3, evaluated 2026-11-26): it installs
// and runs on Node 20 here, but its last npm release dates from 2024, it pins TypeScript ~4.2 and
// ESLint 7 (both end-of-life), its maintainers point users to their commercial successor, and one of
// its checks fetches Electron's release list from GitHub on every run. Above all it reads each
// `new BrowserWindow({...})` in isolation: with the web preferences built by a tested function
// (src/main/window-options.ts) it reports CONTEXT_ISOLATION_JS_CHECK as HIGH although the function
// sets it, and it treats shell.openExternal as "review" whatever guards it. This scanner checks the
// same checklist items (Electron's security tutorial) against how this code base is written, and
// fails closed: whatever it cannot resolve to a literal it reports as a high finding.
import ts from 'typescript'
import {
  contentSecurityPolicyProblems,
  metaContentSecurityPolicy,
  parseContentSecurityPolicy,
} from '../src/main/content-security-policy'

/** One problem the gate found; any `high` finding fails the gate. */
export type Finding = {
  severity: 'high' | 'medium'
  rule: string
  file: string
  line: number
  message: string
}

/** The sources to scan: main and preload TypeScript files by path, and the renderer's HTML. */
export type ScanInput = { files: ReadonlyMap<string, string>; rendererHtml: string }

// Each web preference that must have exactly this literal value (absent counts as wrong).
const requiredPreferences: Record<string, boolean> = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
}
const forbiddenPreferences = ['enableBlinkFeatures', 'additionalArguments', 'experimentalFeatures']
const windowClasses = new Set(['BrowserWindow', 'BrowserView', 'WebContentsView'])
const ipcRegistrations = new Set(['handle', 'handleOnce', 'on', 'once', 'addListener'])
const dangerousSwitches = /disable-web-security|ignore-certificate-errors|allow-running-insecure/
const externalLinkGuards = /\bisAllowedExternalUrl\(|\.openExternally\b/

type Parsed = { path: string; source: ts.SourceFile }

/** Scans the shell and returns every finding, high first. */
export function scanElectronShell(input: ScanInput): Finding[] {
  const parsed: Parsed[] = [...input.files].map(([path, text]) => ({
    path,
    source: ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS),
  }))
  const findings: Finding[] = [...scanRendererPolicy(input.rendererHtml)]
  const seen = new Set<string>()
  for (const file of parsed) {
    const report = (
      severity: Finding['severity'],
      rule: string,
      node: ts.Node,
      message: string,
    ) => {
      const line = file.source.getLineAndCharacterOfPosition(node.getStart()).line + 1
      findings.push({ severity, rule, file: file.path, line, message })
    }
    const visit = (node: ts.Node): void => {
      if (ts.isNewExpression(node)) checkWindow(node, parsed, report)
      if (ts.isCallExpression(node)) checkCall(node, report, seen)
      if (ts.isStringLiteralLike(node) && dangerousSwitches.test(node.text)) {
        report('high', 'dangerous-switch', node, `"${node.text}" weakens Chromium's security.`)
      }
      ts.forEachChild(node, visit)
    }
    visit(file.source)
  }
  const requireCall = (name: string, rule: string, what: string) => {
    if (!seen.has(name))
      findings.push({ severity: 'high', rule, file: '(shell)', line: 0, message: what })
  }
  requireCall(
    'setWindowOpenHandler',
    'window-open',
    'No setWindowOpenHandler: window.open is unchecked.',
  )
  requireCall(
    'will-navigate',
    'navigation',
    "No 'will-navigate' handler: the page can navigate away.",
  )
  requireCall(
    'setPermissionRequestHandler',
    'permissions',
    'No setPermissionRequestHandler: permission requests are granted by default.',
  )
  return findings.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'high' ? -1 : 1))
}

function scanRendererPolicy(html: string): Finding[] {
  const text = metaContentSecurityPolicy(html)
  const finding = (message: string): Finding => ({
    severity: 'high',
    rule: 'csp',
    file: 'src/renderer/index.html',
    line: 0,
    message,
  })
  if (text === undefined) return [finding('No Content-Security-Policy meta tag.')]
  return contentSecurityPolicyProblems(parseContentSecurityPolicy(text)).map(finding)
}

type Report = (severity: Finding['severity'], rule: string, node: ts.Node, message: string) => void

function checkWindow(node: ts.NewExpression, files: readonly Parsed[], report: Report): void {
  const className = node.expression.getText()
  if (!windowClasses.has(className)) return
  const options = node.arguments?.[0]
  const preferences =
    options !== undefined && ts.isObjectLiteralExpression(options)
      ? propertyValue(options, 'webPreferences')
      : undefined
  const literal = preferences === undefined ? undefined : resolveObject(preferences, files)
  if (literal === undefined) {
    report(
      'high',
      'web-preferences',
      node,
      `new ${className}: webPreferences cannot be resolved to an object literal, so nothing proves they are safe.`,
    )
    return
  }
  for (const [name, required] of Object.entries(requiredPreferences)) {
    const value = propertyValue(literal, name)
    const actual = value === undefined ? 'absent' : value.getText()
    if (actual !== String(required)) {
      report(
        'high',
        'web-preferences',
        value ?? node,
        `new ${className}: ${name} must be ${String(required)}, is ${actual}.`,
      )
    }
  }
  for (const name of forbiddenPreferences) {
    const value = propertyValue(literal, name)
    if (value !== undefined && value.getText() !== 'false') {
      report('high', 'web-preferences', value, `new ${className}: ${name} is set.`)
    }
  }
}

// Follows `webPreferences: someFunction(...)` to the object literal that function returns.
function resolveObject(
  node: ts.Expression,
  files: readonly Parsed[],
): ts.ObjectLiteralExpression | undefined {
  if (ts.isObjectLiteralExpression(node)) return node
  if (!ts.isCallExpression(node) || !ts.isIdentifier(node.expression)) return undefined
  const name = node.expression.text
  for (const file of files) {
    for (const statement of file.source.statements) {
      if (!ts.isFunctionDeclaration(statement) || statement.name?.text !== name) continue
      const returned = statement.body?.statements.filter(ts.isReturnStatement) ?? []
      const [only] = returned
      if (returned.length !== 1 || only?.expression === undefined) return undefined
      return ts.isObjectLiteralExpression(only.expression) ? only.expression : undefined
    }
  }
  return undefined
}

function propertyValue(
  object: ts.ObjectLiteralExpression,
  name: string,
): ts.Expression | undefined {
  for (const property of object.properties) {
    if (ts.isPropertyAssignment(property) && property.name.getText() === name)
      return property.initializer
    if (ts.isShorthandPropertyAssignment(property) && property.name.text === name)
      return property.name
  }
  return undefined
}

// The name an access reads: `a.name`, or `a['name']` with a literal key; undefined for a computed key.
function accessedName(node: ts.Expression): string | undefined {
  if (ts.isPropertyAccessExpression(node)) return node.name.text
  if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression))
    return node.argumentExpression.text
  return undefined
}

// A receiver that registers IPC handlers: `ipcMain`, or any `<webContents>.ipc` (Electron's
// per-contents IpcMain, `contents.ipc.handle(...)`), however the `ipc` property is reached.
function isIpcReceiver(node: ts.Expression): boolean {
  const inner = ts.isParenthesizedExpression(node) ? node.expression : node
  if (ts.isIdentifier(inner)) return inner.text === 'ipcMain'
  if (!ts.isPropertyAccessExpression(inner) && !ts.isElementAccessExpression(inner)) return false
  return accessedName(inner) === 'ipc'
}

function checkCall(node: ts.CallExpression, report: Report, seen: Set<string>): void {
  const callee = node.expression
  if (!ts.isPropertyAccessExpression(callee) && !ts.isElementAccessExpression(callee)) return
  const method = accessedName(callee)
  const receiverNode = callee.expression
  if (method === undefined) {
    // `ipcMain[name](...)`: which method runs is not known, so nothing proves a sender check.
    if (isIpcReceiver(receiverNode)) {
      report(
        'high',
        'ipc-sender',
        node,
        `${receiverNode.getText()}[...] is called with a computed method name, so its handler cannot be checked.`,
      )
    }
    return
  }
  const receiver = receiverNode.getText()
  seen.add(method)
  const [first, second] = node.arguments
  if (method === 'on' && first !== undefined && ts.isStringLiteral(first)) seen.add(first.text)
  if (method === 'openExternal' && !isGuarded(node)) {
    report(
      'high',
      'open-external',
      node,
      'shell.openExternal is not inside an if on isAllowedExternalUrl or a decision.openExternally.',
    )
  }
  if (isIpcReceiver(receiverNode) && ipcRegistrations.has(method)) {
    if (second === undefined || !/\bisTrustedSender\(/.test(second.getText())) {
      const where = receiver.replace(/\s+/g, ' ')
      report(
        'high',
        'ipc-sender',
        node,
        `${where}.${method} handler does not check isTrustedSender.`,
      )
    }
  }
  if (receiver === 'contextBridge' && method === 'exposeInMainWorld' && second !== undefined) {
    if (/\bipcRenderer\b(?!\.)/.test(initializerText(second))) {
      report('high', 'preload-bridge', node, 'exposeInMainWorld hands the page ipcRenderer itself.')
    }
  }
  // The window loads only the app's own page: the appPageUrl constant (app://audit-desk/), an
  // app://audit-desk/ literal, or the electron-vite dev server in development.
  if (method === 'loadURL' && first !== undefined && !isAppPageArgument(first)) {
    report(
      'high',
      'remote-content',
      node,
      `loadURL(${ts.isStringLiteralLike(first) ? `"${first.text}"` : first.getText()}) loads a page the gate cannot prove is the app's own.`,
    )
  }
  if (
    method === 'on' &&
    first !== undefined &&
    ts.isStringLiteral(first) &&
    first.text === 'certificate-error'
  ) {
    report(
      'medium',
      'certificate-error',
      node,
      "A 'certificate-error' handler can accept bad certificates: review it.",
    )
  }
}

function isAppPageArgument(argument: ts.Expression): boolean {
  if (ts.isStringLiteralLike(argument)) return argument.text.startsWith('app://audit-desk/')
  if (ts.isIdentifier(argument)) return argument.text === 'appPageUrl'
  return ts.isPropertyAccessExpression(argument) && argument.name.text === 'devServerUrl'
}

// True when the call sits in the then-branch of an if whose condition is an allowlist check,
// within the same function.
function isGuarded(node: ts.Node): boolean {
  let child: ts.Node = node
  for (let current = node.parent; !ts.isSourceFile(current); current = current.parent) {
    if (
      ts.isIfStatement(current) &&
      current.thenStatement === child &&
      externalLinkGuards.test(current.expression.getText())
    )
      return true
    if (ts.isFunctionLike(current)) return false
    child = current
  }
  return false
}

// The text of an expression, or of the initializer of the file-level variable it names.
function initializerText(node: ts.Expression): string {
  if (!ts.isIdentifier(node)) return node.getText()
  for (const statement of node.getSourceFile().statements) {
    if (!ts.isVariableStatement(statement)) continue
    for (const declaration of statement.declarationList.declarations) {
      if (declaration.name.getText() === node.text && declaration.initializer !== undefined) {
        return declaration.initializer.getText()
      }
    }
  }
  return node.getText()
}
