import { worldOf } from '../../deliveries/entities/world.js'

// The dictionaries' answers, made from data.ts's records on first use and then
// kept: every GET sends bytes made once (docs/dictionaries.md, "The mock").

type Data = typeof import('./data.js')

/**
 * data.ts, loaded on the first dictionaries request rather than at start
 * (docs/performance.md#start-up): from its own bundle beside the CLI's
 * (dist/dictionaries-data.js), else from the module. The name is not a
 * literal, so the CLI's bundler leaves the import as it is.
 */
function loadData(): Promise<Data> {
  const url = import.meta.url
  const file = url.endsWith('/altegio-hooks-mock.js')
    ? './dictionaries-data.js'
    : url.endsWith('.ts')
      ? './data.ts'
      : './data.js'
  return import(new URL(file, url).href)
}

const envelope = (records: readonly string[]) =>
  Buffer.from(`{"success":true,"data":[${records.join(',')}],"meta":[]}`)

interface CityRecord {
  id: number
  country_id: number
  record: string
}

export class DictionaryAnswers {
  readonly #seed: number
  readonly #data: Data
  #countries: Buffer | undefined
  #groups: Buffer | undefined
  #cities:
    | { all: Buffer; byCountry: Map<number, CityRecord[]>; byId: Map<number, CityRecord> }
    | undefined
  /** Answers with a location's city added, by country and city: bounded, as the world has few cities. */
  readonly #withCity = new Map<string, Buffer>()
  readonly #countryIds = new Set<number>()
  readonly #byCountry = new Map<number, Buffer>()
  static readonly EMPTY = envelope([])

  private constructor(seed: number, data: Data) {
    this.#seed = seed
    this.#data = data
  }

  /** The answers of the world of `seed`, once data.ts is loaded. */
  static async load(seed: number): Promise<DictionaryAnswers> {
    return new DictionaryAnswers(seed, await loadData())
  }

  countries(): Buffer {
    this.#countries ??= envelope(this.#data.COUNTRIES)
    return this.#countries
  }

  businessGroups(): Buffer {
    if (!this.#groups) {
      const { BUSINESS_GROUPS } = this.#data
      const count = BUSINESS_GROUPS.reduce(
        (sum, group) => sum + (JSON.parse(group) as { types: unknown[] }).types.length,
        0,
      )
      this.#groups = Buffer.from(
        `{"success":true,"data":[${BUSINESS_GROUPS.join(',')}],"meta":{"count":${count}}}`,
      )
    }
    return this.#groups
  }

  /** Whether GET /countries lists this id. */
  knowsCountry(id: number): boolean {
    if (this.#countryIds.size === 0) {
      for (const record of this.#data.COUNTRIES)
        this.#countryIds.add((JSON.parse(record) as { id: number }).id)
    }
    return this.#countryIds.has(id)
  }

  /**
   * The cities of a country (every city without one), and then the city of
   * `locationId` when that is elsewhere: the city its company webhooks carry.
   */
  cities(countryId: number | undefined, locationId: number | undefined): Buffer {
    const cities = this.#cityIndex()
    const place = locationId === undefined ? undefined : worldOf(this.#seed, locationId).place
    if (countryId === undefined) return cities.all
    // An id GET /countries does not list has no cities; 0 keys it, so ids sent cannot grow the map.
    const known = this.knowsCountry(countryId) ? countryId : 0
    const inCountry = cities.byCountry.get(known) ?? []
    if (place === undefined || place.countryId === known) return this.#countryAnswer(known)
    const key = `${known}:${place.cityId}`
    let body = this.#withCity.get(key)
    if (!body) {
      const city = cities.byId.get(place.cityId)
      const records = inCountry.map((entry) => entry.record)
      body = envelope(city ? [...records, city.record] : records)
      this.#withCity.set(key, body)
    }
    return body
  }

  #countryAnswer(countryId: number): Buffer {
    let body = this.#byCountry.get(countryId)
    if (!body) {
      const records = (this.#cityIndex().byCountry.get(countryId) ?? []).map(
        (entry) => entry.record,
      )
      body = records.length === 0 ? DictionaryAnswers.EMPTY : envelope(records)
      this.#byCountry.set(countryId, body)
    }
    return body
  }

  #cityIndex() {
    if (!this.#cities) {
      const { CITIES } = this.#data
      const byCountry = new Map<number, CityRecord[]>()
      const byId = new Map<number, CityRecord>()
      for (const record of CITIES) {
        const { id, country_id } = JSON.parse(record) as { id: number; country_id: number }
        const entry = { id, country_id, record }
        byId.set(id, entry)
        const list = byCountry.get(country_id) ?? []
        if (list.length === 0) byCountry.set(country_id, list)
        list.push(entry)
      }
      this.#cities = { all: envelope(CITIES), byCountry, byId }
    }
    return this.#cities
  }
}
