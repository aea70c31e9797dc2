import { describe, expect, it } from 'vitest'
import type { EntityContext } from '../src/deliveries/entities/context.js'
import { good, moneyFormat } from '../src/deliveries/entities/good.js'
import { service } from '../src/deliveries/entities/service.js'
import { serviceCategory } from '../src/deliveries/entities/service-category.js'
import { LocationWorld } from '../src/deliveries/entities/world.js'
import { GoodEntity } from '../src/schemas/entities/good.js'
import { ServiceEntity } from '../src/schemas/entities/service.js'
import { ServiceCategoryEntity } from '../src/schemas/entities/service-category.js'
import type { EventStatus } from '../src/schemas/event.js'
import { lazyCheck } from '../src/schemas/validator.js'

const LOCATION = 1012345
const SEEDS = [1, 2, 3]
const STATUSES: EventStatus[] = ['create', 'update', 'delete']
const DATE = /^(0000-00-00|\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]))$/
const STAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{4}$/

const checkService = lazyCheck(ServiceEntity)
const checkCategory = lazyCheck(ServiceCategoryEntity)
const checkGood = lazyCheck(GoodEntity)

const context = (world: LocationWorld, resource: string, id: number, status: EventStatus) =>
  ({ world, id, status, draw: world.draw(resource, id) }) satisfies EntityContext

/** Builds one entity for every status and checks each against its schema. */
function buildAll<T>(
  build: (c: EntityContext) => T,
  check: ReturnType<typeof lazyCheck>,
  world: LocationWorld,
  resource: string,
  id: number,
): Record<EventStatus, T> {
  const out = {} as Record<EventStatus, T>
  for (const status of STATUSES) {
    const value = build(context(world, resource, id, status))
    const valid = check(value)
    expect(check.errors, `${resource} ${id} ${status}`).toEqual([])
    expect(valid).toBe(true)
    out[status] = value
  }
  return out
}

describe.each(SEEDS)('seed %i', (seed) => {
  const world = new LocationWorld(seed, LOCATION)

  it('service: valid, the same for every status, named from the world', () => {
    for (const id of world.serviceIds) {
      const built = buildAll(service, checkService, world, 'service', id)
      // No status-dependent fields: a delete carries the last state.
      expect(built.update).toEqual(built.create)
      expect(built.delete).toEqual(built.create)
      const entity = built.create
      const identity = world.service(id)
      expect(Object.keys(entity)).toEqual(Object.keys(ServiceEntity.properties))
      expect(entity).toMatchObject({
        id,
        title: identity.title,
        booking_title: identity.title,
        category_id: identity.categoryId,
        price_min: identity.price,
        price_max: identity.price,
        duration: identity.duration,
        date_from: '0000-00-00',
        date_to: '0000-00-00',
        image_group: [],
        dates: [],
      })
      expect(world.categoryIds).toContain(entity.category_id)
      expect(entity.staff.length).toBeGreaterThan(0)
      for (const member of entity.staff) {
        const staff = world.staff(member.id)
        expect(world.staffIds).toContain(member.id)
        expect(member).toEqual({
          id: member.id,
          seance_length: identity.duration,
          technological_card_id: 0,
          image_url: staff.avatar,
          price: null,
          name: `${staff.name} ${staff.surname}`,
        })
      }
      expect(entity.date_from).toMatch(DATE)
      expect(entity.date_to).toMatch(DATE)
      for (const day of entity.dates) expect(day).toMatch(DATE)
      expect([...new Set(entity.staff.map((m) => m.id))]).toHaveLength(entity.staff.length)
    }
  })

  it('service_category: valid, the same for every status, agrees with its services', () => {
    for (const id of [...world.categoryIds, 424242]) {
      const built = buildAll(serviceCategory, checkCategory, world, 'service_category', id)
      expect(built.update).toEqual(built.create)
      expect(built.delete).toEqual(built.create)
      const services = world.serviceIds
        .map((serviceId) => service(context(world, 'service', serviceId, 'create')))
        .filter((s) => s.category_id === id)
      const performers = new Set(services.flatMap((s) => s.staff.map((m) => m.id)))
      const prices = services.map((s) => s.price_min)
      const { title } = world.category(id)
      expect(built.create).toEqual({
        id,
        category_id: 1,
        salon_service_id: expect.any(Number),
        title,
        weight: expect.any(Number),
        api_id: '',
        staff: world.staffIds.filter((staffId) => performers.has(staffId)),
        booking_title: title,
        price_min: prices.length > 0 ? Math.min(...prices) : 0,
        price_max: prices.length > 0 ? Math.max(...services.map((s) => s.price_max)) : 0,
        sex: 0,
        is_chain: false,
      })
      expect(Object.keys(built.create)).toEqual(Object.keys(ServiceCategoryEntity.properties))
    }
  })

  it('good: valid, the last state on delete, named from the world', () => {
    for (const id of world.goodIds) {
      const built = buildAll(good, checkGood, world, 'good', id)
      const { last_change_date: created, ...rest } = built.create
      for (const status of ['update', 'delete'] as const) {
        const { last_change_date: changed, ...other } = built[status]
        expect(other).toEqual(rest)
        expect(changed).toMatch(STAMP)
      }
      // Each later event is later: update after create, delete after update.
      const at = (s: string) => Date.parse(s.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'))
      expect(at(built.update.last_change_date)).toBeGreaterThan(at(created))
      expect(at(built.delete.last_change_date)).toBeGreaterThan(at(built.update.last_change_date))
      const tz = `+${String(world.tz).padStart(2, '0')}00`
      expect(created).toMatch(STAMP)
      expect(created.endsWith(tz)).toBe(true)
      const identity = world.good(id)
      expect(Object.keys(built.create)).toEqual(Object.keys(GoodEntity.properties))
      expect(built.create).toEqual({
        title: identity.title,
        value: identity.title,
        label: `${identity.title} (${identity.article})`,
        article: identity.article,
        category: expect.any(String),
        category_id: identity.categoryId,
        salon_id: LOCATION,
        good_id: id,
        cost: identity.cost,
        unit_id: 216760,
        unit_short_title: 'PC',
        service_unit_id: 216760,
        service_unit_short_title: 'PC',
        actual_cost: identity.actualCost,
        unit_actual_cost: identity.actualCost,
        unit_actual_cost_format: moneyFormat(identity.actualCost, world.place.currency),
        unit_equals: 1,
        barcode: identity.barcode,
        is_chain: false,
        comment: '',
        loyalty_abonement_type_id: 0,
        loyalty_certificate_type_id: 0,
        loyalty_allow_empty_code: 1,
        loyalty_serial_number_limited: 0,
        actual_amounts: expect.any(Array),
        critical_amount: 0,
        desired_amount: 0,
        last_change_date: created,
        is_goods_mark_enabled: false,
        loyalty_expiration_type_id: null,
        loyalty_certificate_type: null,
      })
      expect(built.create).not.toHaveProperty('id')
      expect(built.create).not.toHaveProperty('company_id')
      for (const row of built.create.actual_amounts) {
        expect(world.storageIds).toContain(row.storage_id)
      }
    }
  })
})

describe('shared identities', () => {
  it('a good category title depends on its id only', () => {
    const world = new LocationWorld(1, LOCATION)
    const byCategory = new Map<number, string>()
    for (const id of world.goodIds) {
      const entity = good(context(world, 'good', id, 'create'))
      const seen = byCategory.get(entity.category_id) ?? entity.category
      expect(entity.category).toBe(seen)
      byCategory.set(entity.category_id, entity.category)
    }
  })

  it('money is grouped by thousands with an ASCII space, as REAL-GOOD', () => {
    expect(moneyFormat(0, '₽')).toBe('0 ₽')
    expect(moneyFormat(3510, '₽')).toBe('3 510 ₽')
    expect(moneyFormat(1234567, 'AED')).toBe('1 234 567 AED')
  })
})

describe('schemas reject what the platform does not send', () => {
  const world = new LocationWorld(2, LOCATION)
  const svc = service(context(world, 'service', world.serviceIds[0] as number, 'create'))
  const cat = serviceCategory(
    context(world, 'service_category', world.categoryIds[0] as number, 'create'),
  )
  const product = good(context(world, 'good', world.goodIds[0] as number, 'create'))

  it('an extra or missing field, or a flag of the wrong kind', () => {
    expect(checkGood({ ...product, id: product.good_id })).toBe(false)
    expect(checkGood({ ...product, company_id: LOCATION })).toBe(false)
    expect(checkService({ ...svc, active: true })).toBe(false)
    expect(checkService({ ...svc, is_chain: 0 })).toBe(false)
    expect(checkService({ ...svc, image_group: {} })).toBe(false)
    expect(checkService({ ...svc, image_group: null })).toBe(false)
    const { sex: _sex, ...noSex } = cat
    expect(checkCategory(noSex)).toBe(false)
    expect(checkCategory({ ...cat, staff: [{ id: 1 }] })).toBe(false)
  })

  it('accepts the documented image group and a team member own price', () => {
    const imageGroup = {
      id: 72234,
      entity: 'settings_service',
      entity_id: svc.id,
      images: {
        basic: {
          id: '186791',
          path: 'https://yclients.com/path/to/image/tagret-image.jpeg',
          width: '372',
          height: '280',
          type: 'jpeg',
          image_group_id: 72234,
          version: 'basic',
        },
      },
    }
    const staff = svc.staff.map((m) => ({ ...m, price: { min: 999.99, max: null } }))
    expect(checkService({ ...svc, image_group: imageGroup, staff })).toBe(true)
  })
})
