import { type ClientFixes, fixedFields, worldOf } from '../../deliveries/entities/world.js'
import { AltegioError } from '../../http/errors.js'
import {
  type ClientFixBody,
  type LocationClient,
  MAX_FIXED_CLIENTS,
  type StoredClientFix,
} from '../../schemas/clients.js'
import type { Change } from '../../store/collections.js'
import type { StateView, Store } from '../../store/store.js'

const digits = (phone: string) => phone.replace(/\D/g, '')

/**
 * A location's clients: those its generated webhooks name (the world's pool
 * for the seed), each with the fields a test fixed over it. Webhooks and VoIP
 * call matching read them here, so a fixed phone is the same everywhere.
 */
export class LocationClients {
  constructor(
    readonly store: Store,
    readonly seed: number,
  ) {}

  /** The location's fixes as `view` holds them, for building entities. */
  fixesOf(locationId: number, view: StateView = this.store.latest): ClientFixes {
    return (clientId) => view.get('clients', `${locationId}:${clientId}`)
  }

  /** Every client: the location's pool, then clients outside it that a test fixed. */
  list(locationId: number, view: StateView = this.store): LocationClient[] {
    const world = worldOf(this.seed, locationId)
    const fixes = this.#fixes(locationId, view)
    const ids = [
      ...world.clientIds,
      ...[...fixes.keys()].filter((id) => !world.clientIds.includes(id)),
    ]
    return ids.map((id) => this.#client(locationId, id, fixes.get(id)))
  }

  /** The client whose phone has the same digits as `phone`, if any (the first in list order). */
  match(
    locationId: number,
    phone: string,
    view: StateView = this.store.latest,
  ): LocationClient | undefined {
    const wanted = digits(phone)
    if (wanted === '') return undefined
    return this.list(locationId, view).find((client) => digits(client.phone) === wanted)
  }

  /** Fixes some fields of a client (any id: one outside the pool joins the list). */
  async fix(locationId: number, clientId: number, body: ClientFixBody): Promise<LocationClient> {
    const key = `${locationId}:${clientId}`
    return this.store.update((latest) => {
      const before = latest.get('clients', key)
      if (!before && this.#fixes(locationId, latest).size >= MAX_FIXED_CLIENTS) {
        throw new AltegioError(
          422,
          `Location ${locationId} already has ${MAX_FIXED_CLIENTS} fixed clients, the most it keeps: fix one of those again, or reset the location (DELETE /__mock/locations/${locationId}).`,
        )
      }
      const value: StoredClientFix = {
        ...before,
        ...body,
        location_id: locationId,
        client_id: clientId,
      }
      return {
        changes: [{ op: 'put', collection: 'clients', key, value }],
        result: this.#client(locationId, clientId, value),
      }
    })
  }

  /** The changes that forget one location's fixes (a global reset clears every collection). */
  resetChanges(locationId: number | undefined, view: StateView): Change[] {
    if (locationId === undefined) return []
    return [...this.#fixes(locationId, view).keys()].map((clientId) => ({
      op: 'delete',
      collection: 'clients',
      key: `${locationId}:${clientId}`,
    }))
  }

  #fixes(locationId: number, view: StateView): Map<number, StoredClientFix> {
    const fixes = new Map<number, StoredClientFix>()
    for (const [, fix] of view.entries('clients')) {
      if (fix.location_id === locationId) fixes.set(fix.client_id, fix)
    }
    return fixes
  }

  #client(locationId: number, id: number, fix: StoredClientFix | undefined): LocationClient {
    const drawn = worldOf(this.seed, locationId).client(id)
    const person = fix ? { ...drawn, ...fixedFields(fix) } : drawn
    return {
      id,
      name: person.name,
      surname: person.surname,
      phone: person.phone,
      email: person.email,
      fixed: fix !== undefined,
    }
  }
}
