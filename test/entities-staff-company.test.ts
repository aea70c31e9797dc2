import { isValidPhoneNumber, parsePhoneNumber } from 'libphonenumber-js/max'
import { describe, expect, it } from 'vitest'
import { company } from '../src/deliveries/entities/company.js'
import type { EntityContext } from '../src/deliveries/entities/context.js'
import { recordStaff } from '../src/deliveries/entities/record.js'
import { staff } from '../src/deliveries/entities/staff.js'
import { LocationWorld } from '../src/deliveries/entities/world.js'
import { CompanyEntity } from '../src/schemas/entities/company.js'
import { StaffEntity } from '../src/schemas/entities/staff.js'
import type { EventStatus } from '../src/schemas/event.js'
import { lazyCheck } from '../src/schemas/validator.js'

const LOCATION = 1_012_345
const SEEDS = [1, 2, 3]
const STATUSES: EventStatus[] = ['create', 'update', 'delete']
const DAY = /^\d{4}-\d{2}-\d{2}$/
const PHONE = /^\+\d{10,13}$/

const checkStaff = lazyCheck(StaffEntity)
const checkCompany = lazyCheck(CompanyEntity)

function context(world: LocationWorld, resource: string, id: number, status: EventStatus) {
  return { world, id, status, draw: world.draw(resource, id) } satisfies EntityContext
}

/** The entity built for each status, for one id of one world. */
function byStatus<T>(
  build: (c: EntityContext) => T,
  world: LocationWorld,
  kind: string,
  id: number,
) {
  const [create, update, remove] = STATUSES.map((status) =>
    build(context(world, kind, id, status)),
  ) as [T, T, T]
  return { create, update, remove }
}

describe.each(SEEDS)('staff, seed %i', (seed) => {
  const world = new LocationWorld(seed, LOCATION)

  it.each(STATUSES)('is valid on %s, with the schema key order', (status) => {
    for (const id of world.staffIds) {
      const value = staff(context(world, 'staff', id, status))
      expect(checkStaff(value), JSON.stringify(checkStaff.errors, null, 2)).toBe(true)
      expect(Object.keys(value)).toEqual(Object.keys(StaffEntity.properties))
      expect(Object.keys(value)).toHaveLength(43)
    }
  })

  it('is the same for create and update; delete only soft-deletes it', () => {
    for (const id of world.staffIds) {
      const { create, update, remove } = byStatus(staff, world, 'staff', id)
      expect(update).toEqual(create)
      expect(create).toMatchObject({ status: 0, is_deleted: false })
      expect(remove).toEqual({ ...create, status: 1, is_deleted: true })
    }
  })

  it("names the world's team member, as a record names them", () => {
    for (const id of world.staffIds) {
      const value = staff(context(world, 'staff', id, 'update'))
      const member = world.staff(id)
      const name = `${member.name} ${member.surname}`
      expect(value).toMatchObject({
        id,
        name,
        company_id: world.locationId,
        specialization: member.specialization,
        user_id: member.userId,
        rating: member.rating,
        avatar: member.avatar,
        avatar_big: member.avatarBig,
      })
      expect(value.position).toEqual({
        id: member.position.id,
        chain_id: world.chainId,
        title: member.position.title,
        description: '',
        services_binding_type: 0,
        rules_required_fields: [],
        only_chain_appointment: false,
      })
      expect(value.user).toEqual({
        id: member.userId,
        name,
        phone: member.phone,
        email: member.email,
        avatar: member.avatar,
        is_approved: true,
      })
      expect(value.user?.phone).toMatch(PHONE)
      const inRecord = recordStaff(context(world, 'record', 1, 'update'), id)
      expect(inRecord).toMatchObject({
        id: value.id,
        name: value.name,
        specialization: value.specialization,
        avatar: value.avatar,
        avatar_big: value.avatar_big,
        rating: value.rating,
      })
      expect(inRecord.position).toMatchObject({
        id: value.position?.id,
        title: value.position?.title,
      })
    }
  })

  it("links services of the location, with the world's durations", () => {
    for (const id of world.staffIds) {
      const links = staff(context(world, 'staff', id, 'create')).services_links
      expect(links.length).toBeGreaterThan(0)
      const ids = links.map((link) => link.service_id)
      expect(new Set(ids).size).toBe(ids.length)
      for (const link of links) {
        expect(world.serviceIds).toContain(link.service_id)
        expect(link).toEqual({
          service_id: link.service_id,
          master_id: id,
          length: world.service(link.service_id).duration,
          technological_card_id: 0,
          api_id: '',
          is_online: true,
          is_offline_records_allowed: true,
          price: null,
        })
      }
    }
  })

  it('writes days and flags as the platform does', () => {
    for (const id of world.staffIds) {
      const value = staff(context(world, 'staff', id, 'create'))
      expect(value.schedule_till).toMatch(DAY)
      expect(value.schedule_till?.startsWith('2026-')).toBe(true)
      expect(value.is_online).toBe(value.hidden === 0)
      expect(value.is_fired).toBe(value.fired === 1)
      expect(value.grid_settings.weekdays_settings.map((day) => day.weekday)).toEqual([
        1, 2, 3, 4, 5, 6, 7,
      ])
      for (const day of value.grid_settings.weekdays_settings) {
        expect(day.setting.grid_display_step).toBe(value.seance_search_step)
      }
      expect(value).toMatchObject({ employee: null, chain: null, is_chain: false, api_id: null })
    }
  })
})

describe.each(SEEDS)('company, seed %i', (seed) => {
  const world = new LocationWorld(seed, LOCATION)
  const id = world.locationId

  it.each(STATUSES)('is valid on %s, with the schema key order', (status) => {
    const value = company(context(world, 'company', id, status))
    expect(checkCompany(value), JSON.stringify(checkCompany.errors, null, 2)).toBe(true)
    expect(Object.keys(value)).toEqual(Object.keys(CompanyEntity.properties))
    expect(Object.keys(value)).toHaveLength(83)
  })

  it('is the same for create and update; delete only deactivates it', () => {
    const { create, update, remove } = byStatus(company, world, 'company', id)
    expect(update).toEqual(create)
    expect(create.active).toBe(1)
    expect(remove).toEqual({ ...create, active: 0 })
  })

  it("is the world's location: place, title, timezone, currency, chain", () => {
    const value = company(context(world, 'company', id, 'update'))
    const { place } = world
    expect(value).toMatchObject({
      id: world.locationId,
      title: world.title,
      public_title: world.title,
      country_id: place.countryId,
      country: place.country,
      city_id: place.cityId,
      city: place.city,
      timezone: world.tz,
      timezone_name: place.zone,
      currency_short_title: place.currency,
      main_group_id: world.chainId,
      main_group: { id: world.chainId, title: `${world.title} main location chain` },
    })
    expect(isValidPhoneNumber(value.phone, place.iso)).toBe(true)
    expect(value.phone).toMatch(PHONE)
    expect(value.phones).toEqual([value.phone])
    expect(value.address.startsWith(`${place.city}, `)).toBe(true)
    expect(value.email).toMatch(/^info@[a-z0-9]+\.com$/)
    expect(value.site).toBe(value.email.slice('info@'.length))
    expect(Number.isInteger(value.timezone)).toBe(true)
  })

  it('agrees with staff of the same location on the chain', () => {
    const value = company(context(world, 'company', id, 'create'))
    for (const staffId of world.staffIds) {
      const member = staff(context(world, 'staff', staffId, 'create'))
      expect(member.company_id).toBe(value.id)
      expect(member.position?.chain_id).toBe(value.main_group_id)
    }
  })
})

it('differs between seeds', () => {
  const [a, b] = [1, 2].map((seed) => {
    const world = new LocationWorld(seed, LOCATION)
    return company(context(world, 'company', LOCATION, 'create'))
  })
  expect(a).not.toEqual(b)
})

describe('phone numbers', () => {
  // The country each place is in, as libphonenumber-js names it: the test's own table, so it
  // checks the mock's numbers against the library rather than against the mock's data.
  const ISO: Record<string, string> = {
    Cyprus: 'CY',
    Türkiye: 'TR',
    'United Arab Emirates': 'AE',
    Kazakhstan: 'KZ',
  }

  it("have each country's length, valid for it by libphonenumber-js, for every place", () => {
    const seen = new Set<string>()
    for (let location = 1; location <= 60; location++) {
      const world = new LocationWorld(1, location)
      const iso = ISO[world.place.country]
      seen.add(world.place.country)
      const phones = [
        world.phone(world.draw('location-phone', location)),
        ...world.staffIds.slice(0, 3).map((id) => world.staff(id).phone),
        ...world.clientIds.slice(0, 3).map((id) => world.client(id).phone),
      ]
      for (const phone of phones) {
        const parsed = parsePhoneNumber(phone)
        expect({ phone, country: parsed.country, valid: parsed.isValid() }).toEqual({
          phone,
          country: iso,
          valid: true,
        })
      }
    }
    expect([...seen].sort()).toEqual(Object.keys(ISO).sort())
  })
})
