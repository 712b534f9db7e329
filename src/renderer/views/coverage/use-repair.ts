import { useState } from 'react'
import type { Stream } from '../../../shared/filter'
import { useClient } from '../../client/ClientContext'
import { formatCount } from '../../format'

/** The most days one coverage.repair call takes. */
const daysPerCall = 31

type Message = { text: string; isError: boolean }

/**
 * Repairs days of a stream, 31 per call, and sums up the outcome; `version` changes after every
 * run so the calendar reloads.
 */
export function useRepair(connectionId: string, stream: Stream) {
  const client = useClient()
  const [isRunning, setRunning] = useState(false)
  const [message, setMessage] = useState<Message | undefined>()
  const [version, setVersion] = useState(0)

  const run = async (days: readonly string[]) => {
    setRunning(true)
    setMessage(undefined)
    const outcomes: string[] = []
    let failure: string | undefined
    for (let start = 0; start < days.length && failure === undefined; start += daysPerCall) {
      const chunk = days.slice(start, start + daysPerCall)
      const result = await client.call('coverage.repair', { connectionId, stream, days: chunk })
      if (!result.ok) failure = result.error.message
      else outcomes.push(...result.value.days.map((day) => day.outcome))
    }
    const repaired = outcomes.filter((outcome) => outcome === 'verified').length
    const rest = outcomes.length - repaired
    const summary = `${formatCount(repaired)} of ${formatCount(days.length)} days repaired and verified${rest > 0 ? `; ${formatCount(rest)} still not verified` : ''}.`
    setMessage(
      failure === undefined
        ? { text: summary, isError: rest > 0 }
        : { text: `${outcomes.length > 0 ? `${summary} ` : ''}${failure}`, isError: true },
    )
    setRunning(false)
    setVersion((current) => current + 1)
  }

  return { run, isRunning, message, version }
}
