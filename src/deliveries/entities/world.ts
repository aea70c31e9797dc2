import type { StoredClientFix } from '../../schemas/clients.js'
import { Draw } from './draw.js'
import {
  type ClientIdentity,
  drawCategory,
  drawClient,
  drawGood,
  drawService,
  drawStaff,
  type GoodIdentity,
  phoneOf,
  type ServiceIdentity,
  type StaffIdentity,
} from './identities.js'
import { PLACES, type Place, SALONS, STORAGES } from './world-data.js'

export type { Place }

/** A location's fixed clients, by client id. */
export type ClientFixes = (clientId: number) => StoredClientFix | undefined

/** The fields a fix sets, without its keys. */
export function fixedFields({ location_id, client_id, ...fields }: StoredClientFix) {
  return fields
}

/** Identities kept per kind and location. */
const MAX_IDENTITIES = 1024

/** Pool sizes: entities of one location share team members, clients, services, goods. */
const POOL = { staff: 6, clients: 40, services: 10, categories: 4, goods: 8, storages: 2 }

/**
 * One location as generated for a seed: where it is, and the team members,
 * clients, services, goods and storages its entities name. Every entity of a
 * run draws from it, so ids agree across events: the same staff id is the
 * same person in a record, a staff event and a finance operation.
 */
export class LocationWorld {
  readonly place: Place
  readonly title: string
  /** The account that creates records and documents. */
  readonly adminUserId: number
  readonly chainId: number
  readonly staffIds: number[]
  readonly clientIds: number[]
  readonly serviceIds: number[]
  readonly categoryIds: number[]
  readonly goodIds: number[]
  readonly storageIds: number[]
  readonly #key: string
  /**
   * The fixed clients of the mock building an entity now: worlds are shared by
   * every mock of the process, so entityFor sets it for one synchronous build.
   */
  clientFixes: ClientFixes | undefined
  /** Identities drawn so far, by kind: an event names the same few over and over. */
  readonly #identities = new Map<string, Map<number, unknown>>()

  constructor(
    readonly seed: number,
    readonly locationId: number,
  ) {
    this.#key = `${seed}:${locationId}`
    const draw = this.draw('location', locationId)
    this.place = draw.pick(PLACES)
    this.title = `${draw.pick(SALONS)} Beauty`
    this.adminUserId = draw.id()
    this.chainId = draw.int(10_000, 999_999)
    const ids = (n: number) => Array.from({ length: n }, () => draw.id())
    this.staffIds = ids(POOL.staff)
    this.clientIds = ids(POOL.clients)
    this.serviceIds = ids(POOL.services)
    this.categoryIds = ids(POOL.categories)
    this.goodIds = ids(POOL.goods)
    this.storageIds = ids(POOL.storages)
  }

  get tz(): number {
    return this.place.tz
  }

  #cached<T>(kind: string, id: number, make: () => T): T {
    let byId = this.#identities.get(kind)
    if (!byId) {
      byId = new Map()
      this.#identities.set(kind, byId)
    }
    let identity = byId.get(id) as T | undefined
    if (identity === undefined) {
      // Ids outside the pools are drawn on demand; a bound keeps a long run small.
      if (byId.size >= MAX_IDENTITIES) byId.clear()
      identity = make()
      byId.set(id, identity)
    }
    return identity
  }

  /** The values of one thing of this location: `kind` and `id` name it. */
  draw(kind: string, id: number): Draw {
    return new Draw(`${this.#key}:${kind}:${id}`)
  }

  phone(draw: Draw): string {
    return phoneOf(this.place, draw)
  }

  staff(id: number): StaffIdentity {
    return this.#cached('staff', id, () =>
      drawStaff(id, this.draw('staff-identity', id), this.place),
    )
  }

  /** The client as generated; a test's fixed fields over it. */
  client(id: number): ClientIdentity {
    const drawn = this.#cached('client', id, () =>
      drawClient(id, this.draw('client-identity', id), this.place),
    )
    const fix = this.clientFixes?.(id)
    return fix ? { ...drawn, ...fixedFields(fix) } : drawn
  }

  service(id: number): ServiceIdentity {
    return this.#cached('service', id, () =>
      drawService(id, this.draw('service-identity', id), this.categoryIds),
    )
  }

  category(id: number): { id: number; title: string } {
    return drawCategory(id, this.draw('category-identity', id))
  }

  good(id: number): GoodIdentity {
    return this.#cached('good', id, () => drawGood(id, this.draw('good-identity', id)))
  }

  storage(id: number): { id: number; title: string } {
    const index = this.storageIds.indexOf(id)
    return { id, title: STORAGES[index === -1 ? 0 : index % STORAGES.length] as string }
  }
}

const worlds = new Map<string, LocationWorld>()
/** Worlds kept between events: a run names few locations; a bound keeps a long one small. */
const MAX_WORLDS = 1000

export function worldOf(seed: number, locationId: number): LocationWorld {
  const key = `${seed}:${locationId}`
  let world = worlds.get(key)
  if (!world) {
    if (worlds.size >= MAX_WORLDS) worlds.clear()
    world = new LocationWorld(seed, locationId)
    worlds.set(key, world)
  }
  return world
}
