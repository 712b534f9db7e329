import type { CoreEvent } from '../shared/contract'

/** Where the core writes diagnostics. Never given secrets, event contents or SQL values. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
  error(message: string, fields?: Record<string, unknown>): void
}

/**
 * Where API keys come from. Keys never touch the database, logs or exports: the Electron host
 * keeps them with safeStorage, the CLI reads AUDIT_DESK_API_KEY or asks on the terminal.
 */
export interface SecretStore {
  /** The API key to use for the organization API at `baseUrl`, or undefined when there is none. */
  apiKeyFor(baseUrl: string): Promise<string | undefined>
  /**
   * Keeps a checked key for `baseUrl` (hosts without a persistent store leave this out). A store
   * whose protection is 'weak' refuses unless `allowWeak` (the user agreed); 'unavailable' always
   * refuses. A store offering this must also offer `status`, or keys are never given to it.
   */
  remember?(baseUrl: string, apiKey: string, consent?: { allowWeak: boolean }): Promise<void>
  /** How `remember` would keep a key now, and any stored key that could not be read. */
  status?(): Promise<SecretStoreStatus>
}

/**
 * How a persistent secret store keeps keys: 'encrypted' by the OS (Keychain, DPAPI, libsecret,
 * KWallet); 'weak' when it would be readable by anyone who can read the user's files (Linux
 * `basic_text`); 'unavailable' when it cannot encrypt at all.
 */
export interface SecretStoreStatus {
  protection: 'encrypted' | 'weak' | 'unavailable'
  /** The OS mechanism's name where known (Linux: `gnome_libsecret`, `basic_text`, ...). */
  backend: string | null
  /** Each stored key that could not be read, saying what to do; empty when all are fine. */
  problems: string[]
}

/** Starts the demo organization on loopback, for the first-run "Explore the demo" path. */
export interface DemoPort {
  /** Generates and serves the demo organization; resolves with its URL and a full-scope key. */
  start(): Promise<{ url: string; apiKey: string }>
}

/** What differs per host (Electron main, browser mode, CLI, tests); given to `createCore`. */
export interface CorePorts {
  /** Which host runs the core; reported by `app.info`. */
  host: 'electron' | 'browser' | 'cli' | 'test'
  /** Folder for the cache database and other local state; created if missing. */
  dataDirectory: string
  /** Current time in epoch milliseconds; injected so tests never sleep. */
  clock: () => number
  /** Receives every event the core emits (IPC send, SSE broadcast, CLI progress). */
  emit: (event: CoreEvent) => void
  logger: Logger
  /** Path of a better-sqlite3 addon built for this runtime (Electron), else Node's own build. */
  sqliteNativeBinding?: string
  /** HTTP for the organization API; default the global fetch. */
  fetch?: typeof fetch
  /** Where stored API keys come from (absent: only keys given in this session work). */
  secrets?: SecretStore
  /** The demo organization, where the host can run it. */
  demo?: DemoPort
  /** How the core waits between followed syncs (resolving early when the signal aborts);
   * default a timer. Tests inject one they release by hand. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  /**
   * Who is reviewing: the name annotations are stamped with (the OS user name in the desktop and
   * browser hosts). A `reviewer_name` setting overrides it; without either, "unknown".
   */
  reviewer?: () => string
  /**
   * Shows a desktop notification (the Electron host). The core calls it once per sync that
   * raised alerts, never once per event; title and body hold no values from the logs.
   */
  notify?: (title: string, body: string) => void
  /**
   * Asks the user for a MaxMind-format country database to open (the desktop app's native open
   * dialog); resolves with its path, or undefined when cancelled. Absent where the host cannot
   * show one (browser mode): Settings then explains `audit-desk serve --country-db FILE`.
   */
  pickCountryDatabase?: () => Promise<string | undefined>
  /** A country database the host was started with (`serve --country-db FILE`), already checked
   * by the host: the core uses it from startup (and keeps it as the setting). */
  countryDatabaseFile?: string
  /**
   * Asks where to save an export or audit pack (the desktop app's save dialog), suggesting
   * `suggestedName`; resolves with the chosen path, or undefined when cancelled. Absent (browser
   * mode, CLI): files go to `<dataDirectory>/exports/` and browser mode serves them for download.
   */
  chooseSavePath?: (suggestedName: string) => Promise<string | undefined>
}

/** A logger that discards everything; for tests and quiet CLI commands. */
export const silentLogger: Logger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
}
