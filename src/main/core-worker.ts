// The worker entry built as out/main/core-worker.js: the core runs here, off the Electron main
// thread, so heavy work never freezes the window (issue 8, item 4; BENCHMARKS.md "main-block").
import { runCoreThread } from '../core/remote/core-thread'

runCoreThread()
