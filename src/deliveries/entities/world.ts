import { Draw } from './draw.js'
import {
  CATEGORIES,
  FIRST,
  GOODS,
  LAST,
  PLACES,
  type Place,
  SALONS,
  SERVICES,
  SPECIALIZATIONS,
  STORAGES,
} from './world-data.js'

export type { Place }

export interface Person {
  name: string
  surname: string
}

/** A team member as every entity that names them shows them. */
export interface StaffIdentity extends Person {
  id: number
  specialization: string
  position: { id: number; title: string }
  avatar: string
  avatarBig: string
  rating: number
  userId: number
  phone: string
  email: string
}

/** A client as every entity that names them shows them. */
export interface ClientIdentity extends Person {
  id: number
  phone: string
  email: string
  card: string
  sexId: 0 | 1 | 2
  birthDate: string
  discount: number
}

export interface ServiceIdentity {
  id: number
  title: string
  categoryId: number
  price: number
  /** Seconds. */
  duration: number
}

export interface GoodIdentity {
  id: number
  title: string
  categoryId: number
  article: string
  barcode: string
  cost: number
  actualCost: number
}

/** Identities kept per kind and location. */
const MAX_IDENTITIES = 1024

const two = (n: number) => String(n).padStart(2, '0')

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
    return `${this.place.phone}${draw.int(500_000_000, 999_999_999)}`
  }

  staff(id: number): StaffIdentity {
    return this.#cached('staff', id, () => this.#staff(id))
  }

  #staff(id: number): StaffIdentity {
    const draw = this.draw('staff-identity', id)
    const name = draw.pick(FIRST)
    const surname = draw.pick(LAST)
    const specialization = draw.pick(SPECIALIZATIONS)
    // Uploaded photos: a hashed file name and the upload time, the large one a second later.
    const uploaded = `2026${two(draw.int(1, 9))}${two(draw.int(10, 28))}1215`
    const second = draw.int(10, 58)
    const image = (size: string, at: number) => {
      const file = draw.hex(15)
      return `https://assets.alteg.io/masters/${size}/${file[0]}/${file.slice(0, 2)}/${file}_${uploaded}${two(at)}.png`
    }
    return {
      id,
      name,
      surname,
      specialization,
      position: { id: draw.int(100_000, 999_999), title: specialization },
      avatar: image('sm', second),
      avatarBig: image('origin', second + 1),
      rating: draw.pick([0, 4.5, 4.8, 5]),
      userId: draw.id(),
      phone: this.phone(draw),
      email: `${name}.${surname}@example.com`.toLowerCase(),
    }
  }

  client(id: number): ClientIdentity {
    return this.#cached('client', id, () => this.#client(id))
  }

  #client(id: number): ClientIdentity {
    const draw = this.draw('client-identity', id)
    const name = draw.pick(FIRST)
    const surname = draw.pick(LAST)
    const born = Date.UTC(draw.int(1965, 2005), draw.int(0, 11), draw.int(1, 28))
    return {
      id,
      name,
      surname,
      phone: this.phone(draw),
      email: draw.chance(0.7) ? `${name}.${surname}.${id % 1000}@example.com`.toLowerCase() : '',
      card: draw.chance(0.3) ? String(draw.int(100_000, 999_999)) : '',
      sexId: draw.pick([0, 1, 2] as const),
      birthDate: new Date(born).toISOString().slice(0, 10),
      discount: draw.pick([0, 0, 0, 5, 10]),
    }
  }

  service(id: number): ServiceIdentity {
    return this.#cached('service', id, () => this.#service(id))
  }

  #service(id: number): ServiceIdentity {
    const draw = this.draw('service-identity', id)
    return {
      id,
      title: draw.pick(SERVICES),
      categoryId: draw.pick(this.categoryIds),
      price: draw.int(20, 120) * 100,
      duration: draw.int(2, 8) * 900,
    }
  }

  category(id: number): { id: number; title: string } {
    return { id, title: this.draw('category-identity', id).pick(CATEGORIES) }
  }

  good(id: number): GoodIdentity {
    return this.#cached('good', id, () => this.#good(id))
  }

  #good(id: number): GoodIdentity {
    const draw = this.draw('good-identity', id)
    const cost = draw.int(5, 90) * 100
    return {
      id,
      title: draw.pick(GOODS),
      categoryId: draw.int(100_000, 999_999),
      article: `ART-${draw.int(1000, 9999)}`,
      barcode: String(draw.int(100_000_000, 999_999_999)),
      cost,
      actualCost: Math.round(cost * 0.45),
    }
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
