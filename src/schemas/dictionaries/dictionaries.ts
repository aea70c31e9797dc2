import { MetaEnvelope, SuccessEnvelope } from '../envelope.js'
import { IdString, Type } from '../typebox.js'

// The Dictionaries section's answers (docs/dictionaries.md): what
// src/api/dictionaries/data.json holds, in the envelopes the routes send.

const strict = { additionalProperties: false }

export const Country = Type.Object(
  {
    id: Type.Integer({
      minimum: 1,
      description: 'Country id: what GET /cities?country_id= takes.',
    }),
    title: Type.String({ description: 'Short name.' }),
    full_title: Type.String({ description: 'Full name.' }),
    iso_code: Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2 code.' }),
    phone_code: Type.String({
      pattern: '^[0-9]*$',
      description: 'Country calling code, digits only.',
    }),
    phone_template: Type.String({
      description: 'Phone mask, an x per digit: "+33 x xx xx xx xx".',
    }),
    phone_example: Type.String({ description: 'An example phone number in that mask.' }),
    currency: Type.String({ description: 'Currency symbol.' }),
    exchange: Type.Number({ description: 'Currency exchange rate.' }),
    lang_id: Type.Integer({ description: 'Language id.' }),
    group_type: Type.Integer({ description: 'Country group type.' }),
    is_eu: Type.Boolean({ description: 'Whether the country is in the European Union.' }),
  },
  { ...strict, description: 'A country.' },
)

export const City = Type.Object(
  {
    id: Type.Integer({ minimum: 1, description: 'City id.' }),
    country_id: Type.Integer({ minimum: 1, description: 'Its country (GET /countries).' }),
    title: Type.String({ description: 'City name.' }),
  },
  { ...strict, description: 'A city.' },
)

export const BusinessType = Type.Object(
  {
    id: Type.Integer({ minimum: 1, description: 'Business type id.' }),
    title: Type.String({ description: 'Type name.' }),
    business_group_id: Type.Integer({ minimum: 1, description: 'Its group.' }),
  },
  { ...strict, description: 'A business type.' },
)

export const BusinessGroup = Type.Object(
  {
    id: Type.Integer({ minimum: 1, description: 'Business group id.' }),
    title: Type.String({ description: 'Group name.' }),
    image: Type.String({ description: 'Group image URL.' }),
    image_small: Type.String({ description: 'Small group image URL.' }),
    types: Type.Array(BusinessType, { description: "The group's business types." }),
  },
  { ...strict, description: 'A business group and its types.' },
)

export const CountriesAnswer = SuccessEnvelope(
  Type.Array(Country, { description: 'Every ISO 3166 country, by id.' }),
)
export const CitiesAnswer = SuccessEnvelope(
  Type.Array(City, {
    description:
      "The country's cities by title (every city without country_id), then the location's city when salon_id names one elsewhere.",
  }),
)
export const BusinessGroupsAnswer = MetaEnvelope(
  Type.Array(BusinessGroup),
  Type.Object(
    {
      count: Type.Integer({ minimum: 0, description: 'How many business types the groups hold.' }),
    },
    strict,
  ),
)

/** GET /countries and /references/business_groups_with_types take no query parameter. */
export const NoQuery = Type.Object({}, strict)

export const CitiesQuery = Type.Object(
  {
    country_id: Type.Optional(
      IdString('Only the cities of this country (GET /countries).', 'country_id=7', 'a country id'),
    ),
    salon_id: Type.Optional(
      IdString(
        "A location: its city is included whatever the country (the YCLIENTS Blueprint's name).",
        'salon_id=123',
      ),
    ),
    company_id: Type.Optional(
      IdString('The same, by the name the Developer Tools page gives it.', 'company_id=123'),
    ),
  },
  strict,
)

/** src/api/dictionaries/data.json, as scripts/dictionaries.mjs writes it. */
export const DictionariesData = Type.Object(
  {
    packages: Type.Record(Type.String(), Type.String(), {
      description: 'The npm packages the data comes from, with their versions.',
    }),
    countries: Type.Array(Country),
    cities: Type.Array(City),
    business_groups: Type.Array(BusinessGroup),
  },
  strict,
)
