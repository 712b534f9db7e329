import { createContext, useContext } from 'react'
import type { AuditDeskClient } from './client'

/** Provides the one client to every view. */
export const ClientContext = createContext<AuditDeskClient | undefined>(undefined)

/** The client of this page; throws when used outside the provider (a programming error). */
export function useClient(): AuditDeskClient {
  const client = useContext(ClientContext)
  if (client === undefined) throw new Error('useClient needs a ClientContext provider')
  return client
}
