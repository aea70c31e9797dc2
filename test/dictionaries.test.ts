import type { FastifyInstance } from 'fastify'
import iso from 'i18n-iso-countries'
import { getExampleNumber } from 'libphonenumber-js'
import examples from 'libphonenumber-js/mobile/examples'
import { describe, expect, it } from 'vitest'
import { generate } from '../scripts/dictionaries.mjs'
import { BUSINESS_GROUPS, CITIES, COUNTRIES, PACKAGES } from '../src/api/dictionaries/data.js'
import { DRAWN_DIGITS } from '../src/deliveries/entities/identities.js'
import { worldOf } from '../src/deliveries/entities/world.js'
import { PLACES } from '../src/deliveries/entities/world-data.js'
import {
  BusinessGroupsAnswer,
  CitiesAnswer,
  CountriesAnswer,
} from '../src/schemas/dictionaries/dictionaries.js'
import type { TSchema } from '../src/schemas/typebox.js'
import { lazyCheck } from '../src/schemas/validator.js'
import { testApp, V2 } from './helpers.js'

const PARTNER = { authorization: 'Bearer partner-token', accept: V2 }
const PARTNER_USER = { authorization: 'Bearer partner-token, User user-token', accept: V2 }
const JSON_TYPE = 'application/json; charset=utf-8'
/** The seed of every app here: the world, so each location's city, is drawn from it. */
const SEED = 7

type Country = { id: number; iso_code: string; title: string; currency: string; phone_code: string }
type City = { id: number; country_id: number; title: string }
const countries = COUNTRIES.map((record) => JSON.parse(record) as Country)
const cities = CITIES.map((record) => JSON.parse(record) as City)
const groups = BUSINESS_GROUPS.map((record) => JSON.parse(record) as unknown)
const citiesOf = (countryId: number) => cities.filter((city) => city.country_id === countryId)
const city = (id: number) => cities.find((entry) => entry.id === id) as City

const get = (app: FastifyInstance, url: string, headers: Record<string, string> = PARTNER) =>
  app.inject({ method: 'GET', url, headers })

/** Status, the headers that matter and the body, after checking the body against `schema`. */
async function answer(app: FastifyInstance, url: string, schema: TSchema, headers = PARTNER) {
  const res = await get(app, url, headers)
  const body = res.json()
  const check = lazyCheck(schema)
  if (res.statusCode === 200) expect(check(body), JSON.stringify(check.errors)).toBe(true)
  return {
    status: res.statusCode,
    type: res.headers['content-type'],
    warnings: res.headers['x-mock-warnings'],
    body,
  }
}

const ok = (data: unknown) => ({
  status: 200,
  type: JSON_TYPE,
  warnings: undefined,
  body: { success: true, data, meta: [] },
})
const refusal = (message: string, errors?: Record<string, string[]>) => ({
  success: false,
  data: null,
  meta: errors ? { message, errors } : { message },
})

/** A location id whose generated world is at `city` (the city its company webhooks carry). */
function locationIn(cityId: number): number {
  for (let id = 1; id < 1000; id++) if (worldOf(SEED, id).place.cityId === cityId) return id
  throw new Error(`no location in city ${cityId}`)
}

describe('the dictionaries data (src/api/dictionaries/data.ts)', () => {
  it('is what npm run dictionaries makes from the installed packages', async () => {
    const made = await generate()
    expect({
      packages: PACKAGES,
      countries,
      cities,
      business_groups: groups,
    }).toEqual(made)
  })

  it("agrees with the generated world: each place's country and city are listed as its webhooks say", () => {
    for (const place of PLACES) {
      const country = countries.find((entry) => entry.id === place.countryId)
      expect(country, place.country).toMatchObject({
        title: place.country,
        currency: place.currency,
        iso_code: place.iso,
      })
      expect(city(place.cityId)).toEqual({
        id: place.cityId,
        country_id: place.countryId,
        title: place.city,
      })
    }
  })

  it("starts each place's phone numbers as libphonenumber-js's example mobile number of its country", () => {
    for (const place of PLACES) {
      const example = getExampleNumber(place.iso, examples)
      expect(place.mobile, place.iso).toBe(
        `+${example?.countryCallingCode}${example?.nationalNumber.slice(0, -DRAWN_DIGITS)}`,
      )
    }
  })
})

describe('GET /api/v1/countries', () => {
  it('answers every country, by id, in the Developer Tools envelope', async () => {
    const { app } = await testApp({ seed: SEED })
    expect(await answer(app, '/api/v1/countries', CountriesAnswer)).toEqual(ok(countries))
    expect(countries.map((country) => country.id)).toEqual(
      [...countries.map((country) => country.id)].sort((a, b) => a - b),
    )
    expect(new Set(countries.map((country) => country.id)).size).toBe(countries.length)
  })

  it('lists every ISO 3166-1 code once', async () => {
    const codes = countries.map((country) => country.iso_code)
    expect([...codes].sort()).toEqual(Object.keys(iso.getAlpha2Codes()).sort())
    expect(new Set(codes).size).toBe(codes.length)
  })

  it("keeps the sources' rows: USA 7 and France 56 as Developer Tools shows them, Russia 1 and Latvia 2 as the Blueprint does", () => {
    const byCode = (code: string) => countries.find((country) => country.iso_code === code)
    expect(byCode('US')).toEqual({
      id: 7,
      title: 'USA',
      full_title: 'United States',
      iso_code: 'US',
      phone_code: '1',
      phone_template: '+1 xxx-xxx-xxxx',
      phone_example: '+1 201-123-4567',
      currency: '$',
      exchange: 32.99,
      lang_id: 2,
      group_type: 1,
      is_eu: false,
    })
    expect(byCode('FR')).toEqual({
      id: 56,
      title: 'France',
      full_title: 'France',
      iso_code: 'FR',
      phone_code: '33',
      phone_template: '+33 x xx xx xx xx',
      phone_example: '+33 1 23 45 67 89',
      currency: '€',
      exchange: 11.18,
      lang_id: 8,
      group_type: 1,
      is_eu: true,
    })
    expect(byCode('RU')).toMatchObject({
      id: 1,
      phone_code: '7',
      phone_template: '+7 xxx xxx-xx-xx',
      phone_example: '+7 981 123 45-67',
      currency: '₽',
      exchange: 1,
    })
    expect(byCode('LV')).toMatchObject({
      id: 2,
      phone_code: '371',
      phone_template: '+371 xx xxx xxx',
      phone_example: '+371 21 654 987',
      currency: '€',
      exchange: 50,
    })
    // The countries of the cities samples' Belfast, Budapest and București.
    expect([byCode('GB')?.id, byCode('HU')?.id, byCode('RO')?.id]).toEqual([30, 31, 38])
  })

  it('is the same bytes every time, and takes a user part', async () => {
    const { app } = await testApp({ seed: SEED })
    const first = await get(app, '/api/v1/countries')
    const second = await get(app, '/api/v1/countries', PARTNER_USER)
    expect(second.rawPayload.equals(first.rawPayload)).toBe(true)
    expect(first.headers['content-length']).toBe(String(first.rawPayload.length))
  })
})

describe('GET /api/v1/cities', () => {
  it("without a country: every city, by title; the sources' ids kept", async () => {
    const { app } = await testApp({ seed: SEED })
    expect(await answer(app, '/api/v1/cities', CitiesAnswer)).toEqual(ok(cities))
    const titles = cities.map((entry) => entry.title)
    expect(titles).toEqual([...titles].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)))
    expect([2, 1, 1040, 1201, 1334, 181].map(city)).toEqual([
      { id: 2, country_id: 1, title: 'Moscow' },
      { id: 1, country_id: 1, title: 'Saint Petersburg' },
      { id: 1040, country_id: 30, title: 'Belfast' },
      { id: 1201, country_id: 38, title: 'București' },
      { id: 1334, country_id: 31, title: 'Budapest' },
      { id: 181, country_id: 7, title: 'New York' },
    ])
  })

  it("country_id: that country's cities, a few for each country that has any", async () => {
    const { app } = await testApp({ seed: SEED })
    expect(await answer(app, '/api/v1/cities?country_id=7', CitiesAnswer)).toEqual(ok(citiesOf(7)))
    expect(citiesOf(7).map((entry) => entry.title)).toContain('New York')
    const without = countries.filter((country) => citiesOf(country.id).length === 0)
    expect(without.map((country) => country.iso_code).sort()).toEqual(['BV', 'HM', 'IO', 'UM'])
  })

  it("salon_id (or company_id): the location's city is added when it is in another country, once when it is not", async () => {
    const { app } = await testApp({ seed: SEED })
    const limassol = locationIn(1422)
    const expected = ok([...citiesOf(7), city(1422)])
    for (const key of ['salon_id', 'company_id']) {
      expect(
        await answer(app, `/api/v1/cities?country_id=7&${key}=${limassol}`, CitiesAnswer),
      ).toEqual(expected)
    }
    expect(
      await answer(app, `/api/v1/cities?country_id=55&salon_id=${limassol}`, CitiesAnswer),
    ).toEqual(ok(citiesOf(55)))
    expect(await answer(app, `/api/v1/cities?salon_id=${limassol}`, CitiesAnswer)).toEqual(
      ok(cities),
    )
    // The city its company webhooks carry.
    expect(worldOf(SEED, limassol).place).toMatchObject({ city: 'Limassol', cityId: 1422 })
  })

  it('a country_id no country has: no city, and a warning saying so', async () => {
    const { app } = await testApp({ seed: SEED })
    const almaty = locationIn(417)
    expect(await answer(app, '/api/v1/cities?country_id=999', CitiesAnswer)).toEqual({
      ...ok([]),
      warnings: JSON.stringify([
        'unknown-country: country_id 999 is not an id GET /countries lists, so no city is in it',
      ]),
    })
    expect(
      (await answer(app, `/api/v1/cities?country_id=999&salon_id=${almaty}`, CitiesAnswer)).body,
    ).toEqual({ success: true, data: [city(417)], meta: [] })
  })

  it('is the same bytes every time', async () => {
    const { app } = await testApp({ seed: SEED })
    const url = `/api/v1/cities?country_id=7&salon_id=${locationIn(3015)}`
    const first = await get(app, url)
    const second = await get(app, url)
    expect(second.rawPayload.equals(first.rawPayload)).toBe(true)
  })
})

describe('GET /api/v1/references/business_groups_with_types', () => {
  it('answers the groups and types of the Developer Tools sample, meta.count the types', async () => {
    const { app } = await testApp({ seed: SEED })
    expect(
      await answer(app, '/api/v1/references/business_groups_with_types', BusinessGroupsAnswer),
    ).toEqual({
      status: 200,
      type: JSON_TYPE,
      warnings: undefined,
      body: {
        success: true,
        data: [
          {
            id: 10,
            title: 'Domestic services',
            image: 'https://app.alteg.io/images/business-groups/services.png',
            image_small: 'https://app.alteg.io/images/business-groups/services.png',
            types: [{ id: 31, title: 'Studio', business_group_id: 10 }],
          },
          {
            id: 1,
            title: 'beauty',
            image: 'https://app.alteg.io/images/business-groups/beauty.png',
            image_small: 'https://app.alteg.io/images/business-groups/beauty.png',
            types: [
              { id: 1, title: 'Beauty Salons', business_group_id: 1 },
              { id: 25, title: 'Spa', business_group_id: 1 },
            ],
          },
        ],
        meta: { count: 3 },
      },
    })
  })
})

const URLS = [
  '/api/v1/countries',
  '/api/v1/cities?country_id=7',
  '/api/v1/references/business_groups_with_types',
]

describe('the dictionaries refuse', () => {
  it('a request without a partner token: 401 in the Altegio envelope, the reason in X-Mock-Warnings', async () => {
    const { app } = await testApp({ seed: SEED })
    for (const url of URLS) {
      const res = await get(app, url, { accept: V2 })
      expect([res.statusCode, res.json(), res.headers['x-mock-warnings']]).toEqual([
        401,
        refusal('Authentication needed.'),
        JSON.stringify([
          'http-401: no Authorization header; the dictionaries (/countries, /cities, /references/business_groups_with_types) need Authorization: Bearer <partner token> (a ", User <user token>" part may follow)',
        ]),
      ])
    }
  })

  it('a partner token the mock was not started with, and a header of another form', async () => {
    const { app } = await testApp({ seed: SEED, partnerTokens: ['partner-token'] })
    expect((await get(app, '/api/v1/countries')).statusCode).toBe(200)
    for (const authorization of ['Bearer other', 'Token partner-token', 'Bearer a b']) {
      const res = await get(app, '/api/v1/countries', { authorization, accept: V2 })
      expect([res.statusCode, res.json()]).toEqual([401, refusal('Authentication needed.')])
    }
  })

  it('a bad or unknown query parameter: 422 by field, after authentication', async () => {
    const { app } = await testApp({ seed: SEED })
    const refused = async (url: string) => {
      const res = await get(app, url)
      return [res.statusCode, res.json()]
    }
    expect(await refused('/api/v1/cities?country_id=USA')).toEqual([
      422,
      refusal('An error has occurred.', {
        country_id: [
          'country_id must be a positive integer up to 999999999999999, a country id (e.g. country_id=7), got "USA".',
        ],
      }),
    ])
    expect(await refused('/api/v1/cities?salon_id=0&city=1')).toEqual([
      422,
      refusal('An error has occurred.', {
        city: ['city is not a field here; remove it (fields: country_id, salon_id, company_id).'],
        salon_id: [
          'salon_id must be a positive integer up to 999999999999999, the location id (e.g. salon_id=123), got "0".',
        ],
      }),
    ])
    expect(await refused('/api/v1/countries?lang=en')).toEqual([
      422,
      refusal('An error has occurred.', {
        lang: ['lang is not a field here; remove it (it takes none).'],
      }),
    ])
    const anonymous = await get(app, '/api/v1/cities?country_id=USA', { accept: V2 })
    expect(anonymous.statusCode).toBe(401)
  })
})

describe('the dictionaries and the mock around them', () => {
  it('a fault of route "dictionaries" answers instead; hooks_settings goes on; every request is journaled', async () => {
    const { app } = await testApp({ seed: SEED })
    const fault = await app.inject({
      method: 'POST',
      url: '/__mock/faults',
      payload: { route: 'dictionaries', status: 503, times: 1 },
    })
    expect(fault.statusCode).toBe(201)
    const id = (fault.json() as { data: { id: number } }).data.id
    const failed = await get(app, '/api/v1/countries')
    expect([failed.statusCode, failed.json()]).toEqual([503, refusal('Service Unavailable.')])
    expect((await get(app, '/api/v1/countries')).statusCode).toBe(200)
    const journal = await app.inject({ method: 'GET', url: '/__mock/requests' })
    const entries = (
      journal.json() as {
        data: { method: string; path: string; status_code: number; fault_id: number | null }[]
      }
    ).data.map((entry) => [entry.method, entry.path, entry.status_code, entry.fault_id])
    expect(entries).toEqual([
      ['GET', '/api/v1/countries', 503, id],
      ['GET', '/api/v1/countries', 200, null],
    ])
  })

  it("a fault's location_id matches the cities of that salon_id or company_id only", async () => {
    const { app } = await testApp({ seed: SEED })
    const fault = await app.inject({
      method: 'POST',
      url: '/__mock/faults',
      payload: { route: 'dictionaries', location_id: 123, status: 503 },
    })
    expect(fault.statusCode).toBe(201)
    const status = async (url: string) => (await get(app, url)).statusCode
    expect(await status('/api/v1/cities?salon_id=123')).toBe(503)
    expect(await status('/api/v1/cities?country_id=7&company_id=123')).toBe(503)
    expect(await status('/api/v1/cities?salon_id=124')).toBe(200)
    expect(await status('/api/v1/countries')).toBe(200)
  })

  it('the rate limit counts them with the other routes', async () => {
    const { app } = await testApp({ rateLimit: '2/min' })
    expect((await get(app, '/api/v1/countries')).statusCode).toBe(200)
    expect((await get(app, '/api/v1/references/business_groups_with_types')).statusCode).toBe(200)
    const over = await get(app, '/api/v1/cities')
    expect(over.statusCode).toBe(429)
    expect(over.headers['retry-after']).toBeDefined()
  })
})
