import { type TSchema, Type } from '../typebox.js'
import { about, EmptyList, Exact } from './annotate.js'

const int = (sources: string, note: string, example: number) =>
  Type.Integer(about(sources, note, example))
const text = (sources: string, note: string, example: string) =>
  Type.String(about(sources, note, example))
const bool = (sources: string, note: string, example: boolean) =>
  Type.Boolean(about(sources, note, example))

/** A relation that may be empty: the object, or `[]` as PHP writes an empty map. */
const orEmpty = <S extends TSchema>(object: S, sources: string, note: string, empty: string) =>
  Type.Union([object, EmptyList(empty, sources)], about(sources, note))

export const FinanceExpense = Exact(
  {
    id: int('F20 RK WF FL', 'Payment item id: 5 provision of services, 8 other income (F20).', 5),
    type: int('RK', 'Only in RK (the newest real payload); meaning unverified.', 1),
    title: text('F20 RK WF FL', 'Payment item title.', 'Provision of services'),
  },
  about('F20 RK WF FL', 'The payment item (category); RK adds type between id and title.'),
)

export const FinanceAccount = Exact(
  {
    id: int('F20 RK FC', 'Cash desk or account id.', 774020),
    title: text('F20 RK FC', 'Its name.', 'Main cash desk'),
    is_cash: bool('RK FC GAS', 'Boolean; not in F20 (2020).', true),
    is_default: bool('RK FC', 'Boolean; not in F20.', true),
  },
  about('F20 RK FC GAS', 'The cash desk or account; F20 (2020) had only id and title.'),
)

const financeTitled = (what: string, example: { id: number; title: string }) =>
  Exact(
    {
      id: int('FL WF', `${what} id.`, example.id),
      title: text('FL WF', `${what} title.`, example.title),
    },
    about('FL WF', `The ${what.toLowerCase()}: {id, title} in the list docs (FC says {id, name}).`),
  )

export const FinanceMaster = orEmpty(
  financeTitled('Team member', { id: 2835418, title: 'Anna Petrova' }),
  'F20 RK WF FL',
  '[] when no team member (F20, RK); {id, title} when set.',
  'No team member: [] (F20).',
)

export const FinanceSupplier = orEmpty(
  financeTitled('Supplier', { id: 118210, title: 'Mall Property Management' }),
  'F20 RK WF FL',
  '[] when no supplier (F20, RK).',
  'No supplier: [] (F20).',
)

export const FinanceClient = Exact(
  {
    id: int('F20 RK WF', 'Client id.', 169711586),
    name: text('F20 RK WF', 'First name.', 'Maria'),
    surname: text('RK WF', 'Not in F20; "" when unset.', 'Lopez'),
    patronymic: text('RK WF', 'Not in F20; "" when unset.', ''),
    phone: text('F20 RK WF', 'String with "+" (F20), unlike the goods webhooks.', '+971585550123'),
    email: text('RK WF', 'A webhook-specific include (WF); "" when none.', 'maria@example.com'),
  },
  about('F20 RK WF', 'The client, in RK order; F20 (2020) had id, name, phone.'),
)

export const FinanceClientOrEmpty = orEmpty(
  FinanceClient,
  'F20 RK WF',
  '[] when the operation has no client.',
  'No client: [] (by analogy with master, supplier).',
)

export const FinanceRecord = Exact(
  {
    id: int('RK WF', 'Equals record_id.', 1680739923),
    date: text(
      'RK GAS',
      'Visit time as the record webhook writes it, "YYYY-MM-DD HH:MM:SS" (RK types it Date; format unverified).',
      '2026-03-14 10:00:00',
    ),
    comment: text('RK', 'The record comment.', ''),
    deleted: bool('RK', 'The record deleted flag.', false),
    prepaid: bool('RK', 'The record prepaid flag.', false),
    staff_id: int('RK GAS', 'The record team member.', 2835418),
    visit_id: int('RK', 'Equals visit_id.', 1463687220),
    is_online: bool('RK', "The record's online flag.", false),
    paid_full: int('RK', '0/1, as in the record webhook.', 1),
    activity_id: int('RK', 'Group event id, 0 otherwise.', 0),
    location_id: int('RK', 'The location: the event company_id.', 1048213),
    custom_color: text('RK', 'Hex without #, or "".', ''),
    clients_count: int('RK', 'Over 1 only in group events.', 1),
    attendance_status: int('RK', "The record's attendance: -1, 0, 1 or 2.", 1),
  },
  about(
    'RK WF GAS',
    'A compact appointment, in RK order (JSONB: shorter keys first); not in F20. Its values agree with the record webhook of that id.',
  ),
)

export const FinanceRecordOrEmpty = orEmpty(
  FinanceRecord,
  'RK WF GAS',
  'The appointment paid for; [] when none (unverified, by analogy with master and supplier).',
  'No record: [] (unverified).',
)
