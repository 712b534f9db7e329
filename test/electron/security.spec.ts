import { invokeChannel } from '../../src/shared/method-names'
import { expect, test } from './electron-app'

test('the page has no Node.js: require and process are undefined, only the bridge is exposed', async ({
  launched,
}) => {
  const globals = await launched.page.evaluate(() => ({
    require: typeof (globalThis as Record<string, unknown>).require,
    process: typeof (globalThis as Record<string, unknown>).process,
    module: typeof (globalThis as Record<string, unknown>).module,
    bridge: typeof (globalThis as Record<string, unknown>).auditDesk,
  }))
  expect(globals).toEqual({
    require: 'undefined',
    process: 'undefined',
    module: 'undefined',
    bridge: 'object',
  })
})

test('window.open is refused and opens no window; navigation away is blocked', async ({
  launched,
}) => {
  const { app, page } = launched
  const opened = await page.evaluate(() => window.open('https://evil.example/') === null)
  expect(opened).toBe(true)
  expect(app.windows()).toHaveLength(1)
  const before = page.url()
  await page.evaluate(() => {
    window.location.href = 'https://evil.example/'
  })
  await page.getByTestId('view-audit-log').waitFor()
  expect(page.url()).toBe(before)
})

test('an IPC call from a frame other than the main frame is rejected by the main process', async ({
  launched,
}) => {
  const { app, page } = launched
  // A frame the page injects gets no preload (nodeIntegrationInSubFrames is off), so no bridge.
  await page.evaluate(() => {
    const frame = document.createElement('iframe')
    frame.srcdoc = '<p id="foreign">foreign</p>'
    frame.dataset.testid = 'foreign-frame'
    document.body.append(frame)
  })
  const foreign = page.frameLocator('[data-testid="foreign-frame"]')
  await foreign.locator('#foreign').waitFor()
  const child = page.frames().find((frame) => frame !== page.mainFrame())
  expect(child).toBeDefined()
  expect(await child?.evaluate(() => 'auditDesk' in window)).toBe(false)

  // A compromised subframe that did reach ipcRenderer would arrive at the real invoke handler with
  // itself as the sender frame: call the registered handler with the real WebFrameMain objects.
  // _invokeHandlers is Electron's internal map of ipcMain.handle registrations; each entry wraps
  // the app's handler and answers through the event's _reply/_throw, as a real invoke does.
  const outcomes = await app.evaluate(async ({ ipcMain, webContents }, channel) => {
    type InvokeEvent = {
      sender: unknown
      senderFrame: unknown
      _reply: (value: unknown) => void
      _throw: (error: unknown) => void
    }
    type Wrapped = (event: InvokeEvent, ...args: unknown[]) => Promise<void>
    const handlers = (ipcMain as unknown as { _invokeHandlers?: Map<string, Wrapped> })
      ._invokeHandlers
    const handler = handlers?.get(channel)
    if (handler === undefined) throw new Error(`no ipcMain.handle registration for ${channel}`)
    const contents = webContents.getAllWebContents().find((candidate) => !candidate.isDestroyed())
    if (contents === undefined) throw new Error('no web contents')
    const subframe = contents.mainFrame.frames[0]
    if (subframe === undefined) throw new Error('the injected frame is not in the frame tree')
    const call = (senderFrame: unknown) =>
      new Promise<unknown>((resolve, reject) => {
        void handler(
          { sender: contents, senderFrame, _reply: resolve, _throw: reject },
          'app.info',
          {},
        )
      })
    return {
      subframeUrl: subframe.url,
      fromSubframe: await call(subframe),
      fromMainFrame: await call(contents.mainFrame),
    }
  }, invokeChannel)
  expect(outcomes.subframeUrl).toBe('about:srcdoc')
  expect(outcomes.fromSubframe).toMatchObject({ ok: false, error: { code: 'forbidden' } })
  expect(outcomes.fromMainFrame).toMatchObject({ ok: true })
})

test('the page is served on app://audit-desk/ with its CSP header; unknown files and file:// are refused', async ({
  launched,
}) => {
  const { page } = launched
  expect(page.url().startsWith('app://audit-desk/index.html')).toBe(true)
  const answers = await page.evaluate(async () => {
    const own = await fetch('app://audit-desk/index.html')
    const missing = await fetch('app://audit-desk/no-such-file.js')
    return {
      status: own.status,
      policy: own.headers.get('content-security-policy'),
      missing: missing.status,
    }
  })
  expect(answers.status).toBe(200)
  expect(answers.policy).toMatch(/^default-src 'none';/)
  expect(answers.policy).toContain("frame-ancestors 'none'")
  expect(answers.missing).toBe(404)
  const before = page.url()
  await page.evaluate(() => {
    window.location.href = 'file:///etc/hosts'
  })
  await page.getByTestId('view-audit-log').waitFor()
  expect(page.url()).toBe(before)
})
