import { Delivery, TriggerResult } from './delivery.js'
import { ErrorEnvelope, MetaEnvelope, SuccessEnvelope } from './envelope.js'
import { Fault } from './faults.js'
import { BACKENDS, HookSettings, LegacyHookSettings } from './hooks-settings/settings.js'
import { RequestEntry } from './request-entry.js'
import { type TSchema, Type } from './typebox.js'

/** Every route's error answers: the Altegio envelope, whatever the status. */
export const errorAnswers = { '4xx': ErrorEnvelope, '5xx': ErrorEnvelope }

/** A route's answers: its success status and the error envelope. */
export const answers = <C extends number, S extends TSchema>(status: C, success: S) =>
  ({ [status]: success, ...errorAnswers }) as { [K in C]: S } & typeof errorAnswers

/** `data` of GET/POST hooks_settings: the current backend's shape, or an older one's. */
export const SettingsAnswer = SuccessEnvelope(
  Type.Union([HookSettings, LegacyHookSettings], {
    description: "The current shape (--backend current), or an older backend's (--backend legacy).",
  }),
)

export const Health = Type.Object({
  status: Type.Literal('ok'),
  locations: Type.Integer({ description: 'Locations with saved settings.' }),
  data_file: Type.String({ description: 'The data file, or ":memory:".' }),
})

export const LocationBehaviour = Type.Object(
  {
    backend: Type.Union(BACKENDS.map((b) => Type.Literal(b))),
    duplicate_probability: Type.Number(),
    duplicate_every: Type.Integer(),
    reorder: Type.Integer(),
    delivery_delay_ms: Type.Integer(),
  },
  { description: 'How the mock behaves for the location: its options over the defaults.' },
)

export const Reset = Type.Object({
  reset: Type.Union([Type.Integer(), Type.Literal('all')], {
    description: 'The location reset, or "all".',
  }),
})

const Dropped = Type.Object({
  journal: Type.Integer({ description: 'Finished deliveries the bounds pushed out.' }),
  queue: Type.Integer({ description: 'Events refused because the queue was full.' }),
})

/** Where a page of a list stands in the whole. */
const Page = {
  count: Type.Integer({ description: 'Entries in this page.' }),
  total: Type.Integer({ description: 'Matching entries in all.' }),
  offset: Type.Integer({ description: 'Where this page starts.' }),
  next_offset: Type.Union([Type.Integer(), Type.Null()], {
    description: 'The offset of the next page, or null on the last.',
  }),
}

export const DeliveryPage = MetaEnvelope(
  Type.Array(Delivery),
  Type.Object({ ...Page, dropped: Dropped }),
)
export const RequestPage = MetaEnvelope(
  Type.Array(RequestEntry),
  Type.Object({
    ...Page,
    dropped: Type.Integer({ description: 'Requests the bounds pushed out.' }),
  }),
)
export const Finished = MetaEnvelope(Type.Array(Delivery), Type.Object({ count: Type.Integer() }))
export const FaultList = MetaEnvelope(Type.Array(Fault), Type.Object({ count: Type.Integer() }))

export { Delivery, Fault, HookSettings, TriggerResult }
