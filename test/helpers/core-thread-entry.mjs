// Runs src/core/remote/core-thread.ts on a worker under plain Node (tests, benches). On Node 20 a
// worker does not get tsx's loader through execArgv, so this entry registers it itself.
import { register } from 'tsx/esm/api'

register()
const { runCoreThread } = await import('../../src/core/remote/core-thread.ts')
runCoreThread()
