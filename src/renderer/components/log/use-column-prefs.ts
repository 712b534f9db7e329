import { useEffect, useReducer, useRef, type Dispatch } from 'react'
import {
  loadColumnPrefs,
  reduceColumnPrefs,
  saveColumnPrefs,
  type ColumnPrefs,
  type ColumnPrefsAction,
  type PrefsStorage,
} from './column-prefs'
import { columnSpecs, type ColumnSpec } from './columns'
import type { Stream } from './types'

/** localStorage, or undefined where the page may not use it (blocked storage throws on access). */
function browserStorage(): PrefsStorage | undefined {
  try {
    return window.localStorage
  } catch {
    return undefined
  }
}

/**
 * One stream's column preferences, loaded from localStorage once and stored again after each
 * change. Nothing is written until the reviewer changes something, so new defaults still reach
 * reviewers who never customised. Remount (key) the caller when the stream changes.
 */
export function useColumnPrefs(stream: Stream): {
  specs: readonly ColumnSpec[]
  prefs: ColumnPrefs
  dispatch: Dispatch<ColumnPrefsAction>
} {
  const specs = columnSpecs(stream)
  const [prefs, dispatch] = useReducer(
    (state: ColumnPrefs, action: ColumnPrefsAction) => reduceColumnPrefs(state, action, specs),
    stream,
    (initialStream) => loadColumnPrefs(initialStream, browserStorage()),
  )
  const loaded = useRef(prefs)
  useEffect(() => {
    if (prefs !== loaded.current) saveColumnPrefs(stream, prefs, browserStorage())
  }, [stream, prefs])
  return { specs, prefs, dispatch }
}
