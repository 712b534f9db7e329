// The Electron shell: hosts the core, opens the hardened window, bridges IPC. No logic lives here.
import path from 'node:path'
import { app, BrowserWindow, dialog, Notification, safeStorage } from 'electron'
import { osReviewerName, unknownReviewer } from '../core/reviewer'
import type { Logger } from '../core/ports'
import { createCore } from '../core/core'
import { createDispatcher } from '../core/dispatcher'
import { startCoreThread, type HostPorts } from '../core/remote/core-client'
import { withInProcessFallback } from '../core/remote/fallback'
import type { CoreEvent } from '../shared/contract'
import { registerAppScheme, serveRenderer } from './app-protocol-electron'
import { registerIpc, sendEvent } from './ipc'
import { installApplicationMenu } from './menu'
import { electronSqliteBinding } from './native-binding'
import { apiKeysFileName, createSafeStorageSecretStore } from './secret-store'
import { appPageUrl, type AppLocation } from './security'
import { saveDialogOptions } from './save-dialog-options'
import { createShutdown } from './shutdown'
import { createMainWindow, denyAllPermissions } from './window'
import { nodeTimers } from './window-state'
import { initialPlacement, rememberWindowState } from './window-state-electron'

const logger: Logger = {
  info: (message, fields) => {
    console.info(message, fields ?? '')
  },
  warn: (message, fields) => {
    console.warn(message, fields ?? '')
  },
  error: (message, fields) => {
    console.error(message, fields ?? '')
  },
}

// The renderer is served on app://audit-desk/, a scheme that has to be privileged before ready.
registerAppScheme()

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows()
    if (window === undefined) return
    if (window.isMinimized()) window.restore()
    window.focus()
  })
  void app.whenReady().then(start)
}

function start(): void {
  const devServerUrl = process.env.ELECTRON_RENDERER_URL
  const location: AppLocation = devServerUrl === undefined || app.isPackaged ? {} : { devServerUrl }
  serveRenderer(path.join(import.meta.dirname, '../renderer'))
  const windows = new Set<Electron.WebContents>()
  const nativeBinding = electronSqliteBinding(app.getAppPath(), process.resourcesPath)
  const emit = (event: CoreEvent) => {
    for (const contents of windows) sendEvent(contents, event)
  }
  const reviewerName = osReviewerName() ?? unknownReviewer
  const ports: HostPorts = {
    // One notification per sync that raised alerts; the core keeps log values out of the text.
    notify: (title, body) => {
      if (Notification.isSupported()) new Notification({ title, body }).show()
    },
    // Exports and packs are saved where the user says, through the native save dialog.
    chooseSavePath: async (suggestedName) => {
      const owner = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0]
      const options = saveDialogOptions(app.getPath('documents'), suggestedName)
      const chosen = owner
        ? await dialog.showSaveDialog(owner, options)
        : await dialog.showSaveDialog(options)
      return chosen.canceled ? undefined : chosen.filePath
    },
    // API keys encrypted by the OS (safeStorage works only after ready, as here); where the OS
    // has no secret store the Connect form asks before a readable key is stored.
    secrets: createSafeStorageSecretStore(
      safeStorage,
      path.join(app.getPath('userData'), apiKeysFileName),
    ),
  }
  const sqlite = nativeBinding === undefined ? {} : { sqliteNativeBinding: nativeBinding }
  // The core runs on its own thread (out/main/core-worker.js), so exports, detections and the end
  // of a big sync never freeze the window; this thread answers its dialogs, notifications and
  // safeStorage calls (BENCHMARKS.md "main-block"). Should that thread fail to start at all, the
  // core runs here instead: a working app that may pause during heavy work, not a dead one.
  const thread = startCoreThread({
    workerFile: path.join(import.meta.dirname, 'core-worker.js'),
    options: { host: 'electron', dataDirectory: app.getPath('userData'), reviewerName, ...sqlite },
    emit,
    logger,
    closeTimeoutMs: 5000,
    ports,
  })
  const core = withInProcessFallback(
    thread,
    () => {
      const local = createCore({
        host: 'electron',
        dataDirectory: app.getPath('userData'),
        clock: Date.now,
        emit,
        logger,
        reviewer: () => reviewerName,
        ...ports,
        ...sqlite,
      })
      return {
        dispatch: createDispatcher(local.handlers, logger),
        stopWork: () => local.stopWork(),
        close: () => {
          local.close()
          return Promise.resolve()
        },
      }
    },
    logger,
  )
  const unregister = registerIpc(core.dispatch, location)
  denyAllPermissions()
  const window = createMainWindow(
    path.join(import.meta.dirname, '../preload/index.cjs'),
    path.join(app.getAppPath(), 'resources', 'icon.png'),
    location,
    initialPlacement(app.getPath('userData')),
  )
  rememberWindowState(window, app.getPath('userData'), logger)
  windows.add(window.webContents)
  installApplicationMenu({
    mainWindow: () => (window.isDestroyed() ? undefined : window),
    sendCommand: (command) => {
      if (!window.isDestroyed())
        sendEvent(window.webContents, { name: 'app.command', payload: command })
    },
    logger,
  })
  window.on('closed', () => {
    windows.clear()
  })
  if (location.devServerUrl !== undefined) void window.loadURL(location.devServerUrl)
  else void window.loadURL(appPageUrl)
  app.on('window-all-closed', () => {
    app.quit()
  })
  // A quit cancels syncs and exports and waits (at most 5 s) for them to record their end before
  // the cache closes; will-quit covers an OS-initiated end that skips before-quit. The quit waits
  // (at most 5 s more) for the core thread to close the cache.
  let closing: Promise<void> = Promise.resolve()
  const shutdown = createShutdown({
    stopWork: () => core.stopWork(),
    close: () => {
      unregister()
      closing = core.close()
    },
    quit: () => {
      void closing.then(
        () => {
          app.quit()
        },
        () => {
          app.quit()
        },
      )
    },
    timeoutMs: 5000,
    timers: nodeTimers,
    onProblem: (problem) => {
      logger.warn('quit: closing the cache without waiting further', { problem })
    },
  })
  app.on('before-quit', (event) => {
    if (shutdown.beforeQuit()) event.preventDefault()
  })
  app.on('will-quit', () => {
    shutdown.closeNow()
  })
}
