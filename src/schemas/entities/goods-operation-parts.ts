import { type TSchema, Type } from '../typebox.js'
import { about, EmptyList, Exact } from './annotate.js'

/** Sources that show the nested objects: the real 2020 sale, the webhook schema, WEBKASSA. */
const ALL = 'S20 WG WK'

/** `{id, title}`: how the goods webhook names a related thing. */
const titled = (
  sources: string,
  what: string,
  ids: { id: number; title: string },
  note = `The ${what}.`,
) =>
  Exact(
    {
      id: Type.Integer(about(sources, `${what} id.`, ids.id)),
      title: Type.String(about(sources, `${what} title.`, ids.title)),
    },
    about(sources, note),
  )

/** A relation that may be empty: the object, or `[]` as PHP writes an empty map. */
const orEmpty = <S extends TSchema>(object: S, sources: string, note: string) =>
  Type.Union(
    [object, EmptyList(`No ${note}: [] (S20), not null or {}.`, sources)],
    about(sources, `[] when there is no ${note}.`),
  )

export const GoodsGood = titled(
  ALL,
  'Product',
  { id: 31245567, title: 'Shampoo 250 ml' },
  'Only id and title; the REST GET-single rich good (about 25 fields) is not in the webhook.',
)

export const GoodsStorage = titled(
  'S20 WG WK FA',
  'Storage',
  { id: 1904431, title: 'Main storage' },
  'Always present; a move sends one webhook per storage.',
)

export const GoodsUnit = Exact(
  {
    id: Type.Integer(about(ALL, 'Unit id.', 216760)),
    title: Type.String(about(ALL, 'Unit name.', 'Piece')),
    short_title: Type.String(about(ALL, 'Abbreviation.', 'pcs.')),
  },
  about(ALL, 'The unit amount counts in: the sale unit, or the service unit for consumables.'),
)

export const GoodsMaster = orEmpty(
  titled(
    ALL,
    'Team member',
    { id: 2835418, title: 'Anna Petrova' },
    'The team member: title (their full name), not name.',
  ),
  ALL,
  'team member',
)

export const GoodsSupplier = orEmpty(
  titled('S20 WG', 'Supplier', { id: 118204, title: 'Beauty Wholesale LLC' }),
  'S20 WG',
  'supplier (set on receipts)',
)

export const GoodsService = orEmpty(
  titled('S20 WG', 'Service', { id: 5034676, title: 'Colouring' }),
  'S20 WG',
  'service (set on consumables written off for one)',
)

export const GoodsClient = Exact(
  {
    id: Type.Integer(about(ALL, 'Client id.', 169711586)),
    name: Type.String(about(ALL, 'The one name field: first name and surname.', 'Maria Lopez')),
    phone: Type.String(
      about('S20 WK', 'Digits only, no "+" (S20), unlike finances_operation.', '971585550123'),
    ),
  },
  about(ALL, 'Only id, name, phone: no surname or email here.'),
)

export const GoodsClientOrEmpty = orEmpty(GoodsClient, 'S20 WG WK', 'client (WK handles a list)')
