// What each role does, with relative frequencies. Key management belongs to a few members only,
// so that a key created by anyone else stands out.
import type { Member, Role } from './organization'

type WeightedActions = readonly (readonly [string, number])[]

const common: WeightedActions = [
  ['user.signed_in', 14],
  ['user.signed_out', 5],
]
const editing: WeightedActions = [
  ['template.updated', 24],
  ['template.created', 2.5],
  ['template.duplicated', 1.5],
  ['template.deleted', 2.5],
  ['project.updated', 1.5],
  ['project.created', 0.3],
  ['project.deleted', 0.15],
]
const administering: WeightedActions = [
  ['member.invited', 0.6],
  ['member.role_changed', 0.3],
  ['organization.updated', 0.4],
]
const actionsByRole: Readonly<Record<Role, WeightedActions>> = {
  owner: [
    ...common,
    ...editing,
    ...administering,
    ['billing.updated', 0.3],
    ['organization.created', 0.03],
  ],
  admin: [...common, ...editing, ...administering],
  member: [...common, ...editing],
  viewer: common,
}
const keyActions: WeightedActions = [
  ['api_key.created', 0.25],
  ['api_key.deleted', 0.15],
]

const actionTables = new Map<string, { actions: string[]; weights: number[] }>()

/** The weighted actions of a member's role (cached: this runs once per generated event). */
export function actionTable(member: Member): { actions: string[]; weights: number[] } {
  const key = `${member.role}|${String(member.managesKeys)}`
  let table = actionTables.get(key)
  if (table === undefined) {
    const entries = [...actionsByRole[member.role], ...(member.managesKeys ? keyActions : [])]
    table = {
      actions: entries.map(([action]) => action),
      weights: entries.map(([, weight]) => weight),
    }
    actionTables.set(key, table)
  }
  return table
}
