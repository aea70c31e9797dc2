import { Id, IdString, rule, type Static, Type } from './typebox.js'

/**
 * A location's clients as a test reads and fixes them: the same clients its
 * `client` and `record` webhooks carry, and VoIP call matching uses.
 */

/** Clients fixed per location, at most; a fix past it is refused (422). */
export const MAX_FIXED_CLIENTS = 1000

const Name = (description: string) =>
  Type.String({
    minLength: 1,
    maxLength: 255,
    description,
    ...rule('must be text of 1 to 255 characters'),
  })

/** A phone as the platform stores it: an optional + then 5 to 20 digits. */
const Phone = Type.String({
  pattern: '^\\+?[0-9]{5,20}$',
  description: 'The phone, digits with an optional leading +, e.g. +13155550176.',
  ...rule('must be a phone number: an optional + then 5 to 20 digits, e.g. +13155550176'),
})

const Email = Type.String({
  maxLength: 255,
  pattern: '^$|^[^@\\s]+@[^@\\s]+$',
  description: 'The e-mail address, or "" for none.',
  ...rule('must be an e-mail address such as jane@example.com, or "" for none'),
})

const FIELDS = {
  name: Name('The first name, as `name` in the client entity.'),
  surname: Type.String({
    maxLength: 255,
    description: 'The surname ("" for none).',
    ...rule('must be text of at most 255 characters'),
  }),
  phone: Phone,
  email: Email,
}

/** PUT /__mock/locations/{id}/clients/{client_id}: the fields to fix, at least one. */
export const ClientFixBody = Type.Object(
  {
    name: Type.Optional(FIELDS.name),
    surname: Type.Optional(FIELDS.surname),
    phone: Type.Optional(FIELDS.phone),
    email: Type.Optional(FIELDS.email),
  },
  {
    additionalProperties: false,
    minProperties: 1,
    description: 'The fields to fix; the others keep their generated values.',
    ...rule(
      'must give at least one of name, surname, phone, email, e.g. {"phone": "+13155550176"}',
    ),
  },
)
export type ClientFixBody = Static<typeof ClientFixBody>

/** A fixed client as the data file keeps it, by "<location_id>:<client_id>". */
export const StoredClientFix = Type.Object(
  {
    location_id: Id('The location.', 'the location id'),
    client_id: Id('The client.', 'the client id'),
    ...ClientFixBody.properties,
  },
  { additionalProperties: false, description: "A client's fixed fields." },
)
export type StoredClientFix = Static<typeof StoredClientFix>

export const LocationClient = Type.Object(
  {
    id: Id('The client id, as in its webhooks.', 'the client id'),
    name: FIELDS.name,
    surname: FIELDS.surname,
    phone: Type.String({ description: 'The phone, as its webhooks carry it.' }),
    email: Type.String({ description: 'The e-mail address, or "".' }),
    fixed: Type.Boolean({ description: 'true when a test fixed some of its fields.' }),
  },
  { description: 'A client of the location, as every webhook that carries it shows it.' },
)
export type LocationClient = Static<typeof LocationClient>

export const ClientParams = Type.Object({
  location_id: IdString('The location id.', '/__mock/locations/123/clients/456'),
  client_id: IdString('The client id.', '/__mock/locations/123/clients/456', 'the client id'),
})
