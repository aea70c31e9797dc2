import { isValidPhoneNumber } from 'libphonenumber-js/max'
import { describe, expect, it } from 'vitest'
import { client, clientCategories } from '../src/deliveries/entities/client.js'
import type { EntityContext } from '../src/deliveries/entities/context.js'
import { loyaltyCard } from '../src/deliveries/entities/loyalty-card.js'
import { recordClient } from '../src/deliveries/entities/record.js'
import { LocationWorld } from '../src/deliveries/entities/world.js'
import { ClientEntity } from '../src/schemas/entities/client.js'
import { LoyaltyCardEntity } from '../src/schemas/entities/loyalty-card.js'
import type { EventStatus } from '../src/schemas/event.js'
import { lazyCheck } from '../src/schemas/validator.js'

const SEEDS = [1, 2, 3]
const STATUSES: EventStatus[] = ['create', 'update', 'delete']
const LOCATION = 1012345
const STAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{4}$/
const DAY = /^\d{4}-\d{2}-\d{2}$/
const PHONE = /^\+\d{10,14}$/

function contextOf(seed: number, resource: string, id: number, status: EventStatus) {
  const world = new LocationWorld(seed, LOCATION)
  return { world, id, status, draw: world.draw(resource, id) } satisfies EntityContext
}

function expectValid<T>(check: ReturnType<typeof lazyCheck>, value: T) {
  const valid = check(value)
  expect(check.errors, JSON.stringify(value)).toEqual([])
  expect(valid).toBe(true)
}

describe('client', () => {
  const check = lazyCheck(ClientEntity)

  it('matches its schema for every seed and status', () => {
    for (const seed of SEEDS) {
      const world = new LocationWorld(seed, LOCATION)
      for (const id of [...world.clientIds.slice(0, 5), 4240880]) {
        for (const status of STATUSES)
          expectValid(check, client(contextOf(seed, 'client', id, status)))
      }
    }
  })

  it('is the same client in every event but for last_change_date, which moves forward', () => {
    for (const seed of SEEDS) {
      const id = new LocationWorld(seed, LOCATION).clientIds[0] as number
      const [created, updated, deleted] = STATUSES.map((s) =>
        client(contextOf(seed, 'client', id, s)),
      )
      expect({ ...updated, last_change_date: '' }).toEqual({ ...created, last_change_date: '' })
      expect({ ...deleted, last_change_date: '' }).toEqual({ ...created, last_change_date: '' })
      const times = [created, updated, deleted].map((c) => c?.last_change_date as string)
      for (const time of times) expect(time).toMatch(STAMP)
      expect([...times].sort()).toEqual(times)
      expect(new Set(times).size).toBe(3)
    }
  })

  it('names the world client of its id, as a record names them', () => {
    for (const seed of SEEDS) {
      const world = new LocationWorld(seed, LOCATION)
      for (const id of world.clientIds.slice(0, 10)) {
        const context = contextOf(seed, 'client', id, 'update')
        const c = client(context)
        const person = world.client(id)
        expect(c).toEqual({
          ...c,
          id,
          name: person.name,
          surname: person.surname,
          patronymic: '',
          display_name: `${person.name} ${person.surname}`,
          phone: person.phone,
          email: person.email,
          card: person.card,
          birth_date: person.birthDate,
          comment: '',
          discount: person.discount,
          sex_id: person.sexId,
          sms_bot: 0,
          custom_fields: [],
        })
        const inRecord = recordClient(context, id)
        for (const key of ['name', 'surname', 'patronymic', 'display_name', 'comment'] as const) {
          expect(c[key]).toBe(inRecord[key])
        }
        expect(c.sex_id).toBe(inRecord.sex)
        expect(c.birth_date).toBe(inRecord.birthday)
        expect(c.phone).toMatch(PHONE)
        expect(isValidPhoneNumber(c.phone, world.place.iso)).toBe(true)
        expect(c.birth_date).toMatch(DAY)
      }
    }
  })

  it('keeps its labels, money and categories consistent', () => {
    const sexes = ['unknown', 'male', 'female']
    const importances = ['No importance class', 'Bronze', 'Silver', 'Gold']
    for (const seed of SEEDS) {
      const world = new LocationWorld(seed, LOCATION)
      const known = clientCategories(world)
      expect(known.map((k) => k.title)).toEqual(['VIP', 'Loyal', 'Blacklist'])
      for (const id of world.clientIds) {
        const c = client(contextOf(seed, 'client', id, 'create'))
        expect(c.sex).toBe(sexes[c.sex_id])
        expect(c.importance).toBe(importances[c.importance_id])
        expect(c.balance).toBe(c.paid - c.spent)
        expect(c.balance).toBeLessThanOrEqual(0)
        expect(c.visits === 0).toBe(c.spent === 0)
        expect(c.display_name).toBe(`${c.name} ${c.surname}`)
        for (const category of c.categories) {
          expect(known).toContainEqual(category)
          expect(category.color).toMatch(/^#[0-9a-f]{6}$/)
        }
        expect(c.custom_fields).toEqual([])
        expect(Object.keys(c)).toEqual(Object.keys(ClientEntity.properties))
      }
    }
  })
})

describe('loyalty_card', () => {
  const check = lazyCheck(LoyaltyCardEntity)

  it('matches its schema for every seed and status', () => {
    for (const seed of SEEDS) {
      for (const id of [9210520, 185395, 123456789]) {
        for (const status of STATUSES) {
          expectValid(check, loyaltyCard(contextOf(seed, 'loyalty_card', id, status)))
        }
      }
    }
  })

  it('is the same card in every event', () => {
    for (const seed of SEEDS) {
      const [created, ...rest] = STATUSES.map((s) =>
        loyaltyCard(contextOf(seed, 'loyalty_card', 9210520, s)),
      )
      for (const card of rest) expect(card).toEqual(created)
    }
  })

  it('is numbered by the chain and the card, and held by a client of the location', () => {
    for (const seed of SEEDS) {
      const world = new LocationWorld(seed, LOCATION)
      const phones = world.clientIds.map((id) => world.client(id).phone)
      const chain = String(world.chainId).padStart(8, '0')
      for (const id of [9210520, 185395, 19283]) {
        const card = loyaltyCard(contextOf(seed, 'loyalty_card', id, 'update'))
        expect(card).toEqual({
          id,
          balance: card.balance,
          number: `${chain}${String(id).padStart(8, '0')}`,
          phone: card.phone,
        })
        expect(card.number).toMatch(/^\d{16}$/)
        expect(phones).toContain(card.phone)
        expect(card.phone).toMatch(PHONE)
        expect(card.balance).toBeGreaterThanOrEqual(0)
        expect(Math.round(card.balance * 100) / 100).toBe(card.balance)
      }
    }
  })

  it('writes a number as APIB does for a known chain and card', () => {
    const world = new LocationWorld(1, LOCATION)
    Object.defineProperty(world, 'chainId', { value: 145071 })
    const card = loyaltyCard({ world, id: 9210520, status: 'create', draw: world.draw('x', 1) })
    expect(card.number).toBe('0014507109210520')
  })
})
