import type { StoredClientFix } from '../schemas/clients.js'
import type { StoredSettings } from '../schemas/hooks-settings/settings.js'
import type { StoredApplication } from '../schemas/marketplace/application.js'
import type { StoredInstallation } from '../schemas/marketplace/installation.js'

/**
 * What the data file holds, one collection per kind of state; each maps a key
 * (a location id, an application id, ...) to a value that is replaced whole,
 * never edited in place, so a value read once stays valid.
 */
export interface Collections {
  locations: StoredSettings
  /** Marketplace applications, by application id. */
  applications: StoredApplication
  /** An application at a location, by "location_id:application_id". */
  installations: StoredInstallation
  /** A client's fields a test fixed, by "location_id:client_id". */
  clients: StoredClientFix
}
export type CollectionName = keyof Collections
export const COLLECTIONS: readonly CollectionName[] = [
  'locations',
  'applications',
  'installations',
  'clients',
]

/** One change; a list of them is applied all or nothing. */
export type Change =
  | { op: 'put'; collection: CollectionName; key: string; value: unknown }
  | { op: 'delete'; collection: CollectionName; key: string }
  | { op: 'clear' }

export type State = { [C in CollectionName]: Map<string, Collections[C]> }

export function emptyState(): State {
  return Object.fromEntries(COLLECTIONS.map((name) => [name, new Map()])) as State
}

export function applyChange(state: State, change: Change): void {
  switch (change.op) {
    case 'put':
      ;(state[change.collection] as Map<string, unknown>).set(change.key, change.value)
      break
    case 'delete':
      state[change.collection].delete(change.key)
      break
    case 'clear':
      for (const name of COLLECTIONS) state[name].clear()
      break
  }
}

/** A copy of every collection as `view` reads it: values are replaced whole, never edited, so sharing them is safe. */
export function copyState(view: {
  entries<C extends CollectionName>(collection: C): IterableIterator<[string, Collections[C]]>
}): State {
  return Object.fromEntries(COLLECTIONS.map((name) => [name, new Map(view.entries(name))])) as State
}

/** The one commit that makes the store hold `state` and nothing else. */
export function replaceChanges(state: State): Change[] {
  const changes: Change[] = [{ op: 'clear' }]
  for (const name of COLLECTIONS) {
    for (const [key, value] of state[name])
      changes.push({ op: 'put', collection: name, key, value })
  }
  return changes
}

/**
 * Puts of one location's part of `state`: its settings (key the location id)
 * and, in any collection, the entries keyed "<location id>:..." (installations,
 * fixed clients).
 */
export function locationPart(state: State, locationId: number): Change[] {
  const id = String(locationId)
  const prefix = `${id}:`
  const changes: Change[] = []
  for (const name of COLLECTIONS) {
    for (const [key, value] of state[name]) {
      if ((name === 'locations' && key === id) || key.startsWith(prefix)) {
        changes.push({ op: 'put', collection: name, key, value })
      }
    }
  }
  return changes
}

/**
 * The data file's JSON: an object per collection, keys in the order they were
 * first stored. Empty marketplace collections are left out, so a file without
 * them stays as it was and older versions read it (so are other empty ones).
 */
export function toJson(state: State): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    COLLECTIONS.filter((name) => name === 'locations' || state[name].size > 0).map((name) => [
      name,
      Object.fromEntries(state[name]),
    ]),
  )
}

/** The inverse of toJson, for a data file this mock wrote itself: nothing to check or normalize. */
export function fromJson(json: Record<string, Record<string, unknown> | undefined>): State {
  const state = emptyState()
  for (const name of COLLECTIONS) {
    for (const [key, value] of Object.entries(json[name] ?? {})) {
      ;(state[name] as Map<string, unknown>).set(key, value)
    }
  }
  return state
}
