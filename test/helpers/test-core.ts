import type { CoreEvent } from '../../src/shared/contract'
import { createCore, type Core } from '../../src/core/core'
import { silentLogger, type CorePorts } from '../../src/core/ports'

/** A core over a temp data directory with a fixed clock, recording every event it emits. */
export function makeTestCore(
  dataDirectory: string,
  overrides: Partial<CorePorts> = {},
): {
  core: Core
  events: CoreEvent[]
} {
  const events: CoreEvent[] = []
  const core = createCore({
    host: 'test',
    dataDirectory,
    clock: () => Date.UTC(2026, 10, 26, 12, 0, 0),
    emit: (event) => events.push(event),
    logger: silentLogger,
    ...overrides,
  })
  return { core, events }
}
