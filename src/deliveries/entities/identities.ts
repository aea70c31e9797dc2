import type { Draw } from './draw.js'
import {
  CATEGORIES,
  FIRST,
  GOODS,
  LAST,
  type Place,
  SERVICES,
  SPECIALIZATIONS,
} from './world-data.js'

// The people and things a location's entities name, each drawn from its own
// key, so that the same id is the same identity in every entity.

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

const two = (n: number) => String(n).padStart(2, '0')

/** Digits a phone number draws; the rest is the country's example mobile number (world-data.ts). */
export const DRAWN_DIGITS = 6

/**
 * A mobile number of the location's country, of that country's length: its
 * example number with the last digits drawn, so every number stays in the
 * country's mobile ranges.
 */
export function phoneOf(place: Place, draw: Draw): string {
  const drawn = String(draw.int(0, 10 ** DRAWN_DIGITS - 1)).padStart(DRAWN_DIGITS, '0')
  return `${place.mobile}${drawn}`
}

export function drawStaff(id: number, draw: Draw, place: Place): StaffIdentity {
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
    phone: phoneOf(place, draw),
    email: `${name}.${surname}@example.com`.toLowerCase(),
  }
}

export function drawClient(id: number, draw: Draw, place: Place): ClientIdentity {
  const name = draw.pick(FIRST)
  const surname = draw.pick(LAST)
  const born = Date.UTC(draw.int(1965, 2005), draw.int(0, 11), draw.int(1, 28))
  return {
    id,
    name,
    surname,
    phone: phoneOf(place, draw),
    email: draw.chance(0.7) ? `${name}.${surname}.${id % 1000}@example.com`.toLowerCase() : '',
    card: draw.chance(0.3) ? String(draw.int(100_000, 999_999)) : '',
    sexId: draw.pick([0, 1, 2] as const),
    birthDate: new Date(born).toISOString().slice(0, 10),
    discount: draw.pick([0, 0, 0, 5, 10]),
  }
}

export function drawService(id: number, draw: Draw, categoryIds: number[]): ServiceIdentity {
  return {
    id,
    title: draw.pick(SERVICES),
    categoryId: draw.pick(categoryIds),
    price: draw.int(20, 120) * 100,
    duration: draw.int(2, 8) * 900,
  }
}

export function drawCategory(id: number, draw: Draw): { id: number; title: string } {
  return { id, title: draw.pick(CATEGORIES) }
}

export function drawGood(id: number, draw: Draw): GoodIdentity {
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
