// Loads one event's annotations and changes them through the client, reloading after each
// change (and whenever a bulk tag may have touched the event).
import { useCallback, useEffect, useState } from 'react'
import type { EventAnnotations } from '../../../shared/annotation-contract'
import type { MethodInput } from '../../../shared/contract'
import type { Stream } from '../../../shared/filter'
import { useClient } from '../../client/ClientContext'
import { useAnnotationVersion } from './annotation-version'

/** One event, as annotations name it. */
export type EventRef = { connectionId: string; stream: Stream; eventId: string }

/** The parts of an update that concern one event's reviewer. */
export type AnnotationChange = Omit<
  MethodInput<'annotations.update'>,
  'connectionId' | 'stream' | 'eventIds'
>

/** The event's annotations (undefined while they load), the last error, and the changers. */
export function useAnnotations(ref: EventRef) {
  const { connectionId, stream, eventId } = ref
  const client = useClient()
  const bulkVersion = useAnnotationVersion((state) => state.version)
  const [version, setVersion] = useState(0)
  const key = `${connectionId}\u0000${stream}\u0000${eventId}`
  const [loaded, setLoaded] = useState<{ key: string; value: EventAnnotations } | undefined>()
  const [error, setError] = useState<string | undefined>()

  useEffect(() => {
    let isCurrent = true
    void client.call('annotations.get', { connectionId, stream, eventId }).then((result) => {
      if (!isCurrent) return
      if (result.ok) setLoaded({ key, value: result.value })
      else setError(result.error.message)
    })
    return () => {
      isCurrent = false
    }
  }, [client, connectionId, stream, eventId, key, version, bulkVersion])

  const update = useCallback(
    async (change: AnnotationChange): Promise<boolean> => {
      const result = await client.call('annotations.update', {
        connectionId,
        stream,
        eventIds: [eventId],
        ...change,
      })
      setError(result.ok ? undefined : result.error.message)
      setVersion((current) => current + 1)
      return result.ok
    },
    [client, connectionId, stream, eventId],
  )

  const editComment = useCallback(
    async (commentId: number, text: string): Promise<boolean> => {
      const result = await client.call('annotations.editComment', {
        connectionId,
        stream,
        eventId,
        commentId,
        text,
      })
      setError(result.ok ? undefined : result.error.message)
      setVersion((current) => current + 1)
      return result.ok
    },
    [client, connectionId, stream, eventId],
  )

  return {
    annotations: loaded?.key === key ? loaded.value : undefined,
    error,
    update,
    editComment,
  }
}
