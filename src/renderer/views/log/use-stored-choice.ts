import { useState } from 'react'

/** A choice among `allowed` remembered in localStorage; anything else stored falls back. */
export function useStoredChoice<T extends string>(
  key: string,
  fallback: T,
  allowed: readonly T[],
): [T, (value: T) => void] {
  const [value, setValue] = useState<T>(() => {
    try {
      const stored = window.localStorage.getItem(key)
      return allowed.find((choice) => choice === stored) ?? fallback
    } catch {
      return fallback
    }
  })
  return [
    value,
    (next) => {
      setValue(next)
      try {
        window.localStorage.setItem(key, next)
      } catch {
        // Without storage the choice lasts for this page only.
      }
    },
  ]
}
