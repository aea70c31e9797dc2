import { Type } from '../typebox.js'
import { about, EmptyList, Exact } from './annotate.js'

const ALL = 'R20 R25 AW AG YB MK'

export const RecordService = Exact(
  {
    id: Type.Integer(about(ALL, 'Service id.', 15092231)),
    title: Type.String(about(ALL, 'Service title.', 'Haircut')),
    cost: Type.Number(about(ALL, 'What the line costs after the discount.', 2700)),
    cost_to_pay: Type.Number(about('R25 R26 AW AG MK', 'Left to pay; not in R20 (2020).', 2700)),
    manual_cost: Type.Number(about(ALL, 'Equals cost in every real sample.', 2700)),
    cost_per_unit: Type.Number(about(ALL, 'List price per unit.', 3000)),
    discount: Type.Number(about(ALL, 'Percent, may be fractional (R20: 33.71).', 10)),
    first_cost: Type.Number(about(ALL, 'Price before the discount.', 3000)),
    amount: Type.Integer(about(ALL, 'Quantity.', 1)),
  },
  about(ALL, 'One service of the appointment.'),
)

export const RecordStaff = Exact(
  {
    id: Type.Integer(about(ALL, 'Equals staff_id.', 3120457)),
    api_id: Type.Union(
      [Type.String(), Type.Null()],
      about(ALL, 'null in every real sample.', null),
    ),
    name: Type.String(about(ALL, 'Team member name.', 'Anna Lewis')),
    specialization: Type.String(about(ALL, 'Free text.', 'Barber')),
    position: Type.Union(
      [
        Exact(
          {
            id: Type.Integer(about('R20 R25 AW', 'Position id.', 140512)),
            title: Type.String(about('R20 R25 AW', 'Position title.', 'Barber')),
            services_binding_type: Type.Integer(about('R25', '2025+ only.', 0)),
          },
          about('R20 R25 AW AG YB MK', 'The position, when one is set.'),
        ),
        EmptyList('No position: [] (R26), as PHP writes an empty map.', 'R26'),
      ],
      about('R20 R25 R26 AW AG YB MK', 'Present in every real payload; [] without a position.'),
    ),
    avatar: Type.String(
      about(
        ALL,
        'Small photo URL (masters/sm).',
        'https://assets.alteg.io/masters/sm/4/4c/4c2e91a7b03d5f1_20250903121544.png',
      ),
    ),
    avatar_big: Type.String(
      about(
        ALL,
        'Large photo URL (masters/origin); another hash, a second later.',
        'https://assets.alteg.io/masters/origin/a/a9/a93f0d62c7e18b4_20250903121545.png',
      ),
    ),
    rating: Type.Number(about(ALL, 'Integer when whole.', 5)),
    votes_count: Type.Integer(about(ALL, 'Votes.', 0)),
  },
  about(ALL, 'The team member, a subset of the staff entity (no fired, hidden, user).'),
)

export const RecordGoodsTransaction = Exact(
  {
    id: Type.Integer(about('KR', 'Transaction id.', 402318877)),
    title: Type.String(about('KR', 'Product title.', 'Styling wax 75 ml')),
    barcode: Type.Union([Type.String(), Type.Null()], about('KR', 'Nullable.', '')),
    article: Type.Union([Type.String(), Type.Null()], about('KR', 'Nullable.', '')),
    amount: Type.Integer(about('KR', 'Quantity.', 1)),
    cost_per_unit: Type.Number(about('KR', 'Price per unit.', 1200)),
    price: Type.Number(about('KR', 'Price.', 1200)),
    cost: Type.Number(about('KR', 'Total.', 1200)),
    cost_to_pay: Type.Number(about('KR', 'Left to pay.', 1200)),
    manual_cost: Type.Number(about('KR', 'As cost.', 1200)),
    master_id: Type.Integer(about('KR', 'Team member who sold it: staff_id.', 3120457)),
    storage_id: Type.Integer(about('KR', 'Storage.', 1204433)),
    good_id: Type.Integer(about('KR', 'The good.', 31877452)),
    discount: Type.Number(about('KR', 'Percent.', 0)),
    loyalty_abonement_id: Type.Integer(about('KR', '0 when none.', 0)),
    loyalty_certificate_id: Type.Integer(about('KR', '0 when none.', 0)),
    good_special_number: Type.Union([Type.String(), Type.Null()], about('KR', 'Nullable.', '')),
  },
  about(
    'KR',
    'A product sold in the visit; only KR (DTOs checked against GET /records) shows one.',
  ),
)

export const RecordClient = Exact(
  {
    id: Type.Integer(about(ALL, 'Client id.', 201448390)),
    name: Type.String(about(ALL, 'First name.', 'Olivia')),
    surname: Type.String(about('R25 AW AG MK KR', 'Not in R20 (2020); "" when unset.', '')),
    patronymic: Type.String(about('R25 AW AG MK', 'Not in R20; "" when unset.', '')),
    display_name: Type.String(about('R25 AW AG MK AM', 'Not in R20.', 'Olivia')),
    comment: Type.String(about('R25 AW AG MK', 'Not in R20.', '')),
    phone: Type.String(about(ALL, 'String with "+".', '+79161234567')),
    card: Type.String(about(ALL, 'Card number, "" when none.', '')),
    email: Type.String(about(ALL, '"" when none.', '')),
    success_visits_count: Type.Integer(about(ALL, 'Only on the client inside a record.', 3)),
    fail_visits_count: Type.Integer(about(ALL, 'Only on the client inside a record.', 0)),
    discount: Type.Number(about('R20 R25 AW AG MK KR', 'Percent.', 0)),
    custom_fields: EmptyList('[] when empty (R25).', 'R25 AW AG MK'),
    sex: Type.Integer(about('R25 AG MK', '0 unknown, 1 male, 2 female; AW says string.', 0)),
    birthday: Type.String(about('R25 AW AG MK', '"YYYY-MM-DD", or "" when unset.', '')),
    client_tags: EmptyList('[] in every sample.', 'R25 AW AG MK'),
  },
  about(
    ALL,
    'The client as current Altegio sends it (R25, AW): 16 fields; the 2020 YCLIENTS block (R20) had 8.',
  ),
)

export const RecordLabel = Exact(
  {
    id: Type.Integer(about('R20 AW AG', 'Integer in R20 and AW; YB shows a string.', 3314052)),
    title: Type.String(about('R20 AW AG YB MK', 'Label.', 'New client')),
    color: Type.String(about('R20 AW AG YB MK', 'Hex without # in R20; docs write #.', 'dfd4f2')),
    icon: Type.String(about('R20 AW AG YB MK', 'Icon name.', 'exclamation')),
    font_color: Type.String(about('R20 AW AG YB MK', 'Hex without # in R20.', '000000')),
  },
  about('R20 R25 AW AG YB MK', 'An appointment label.'),
)

const DOCS = 'R20 R25 R26 AW AG YB KR MK'

export const RecordDocument = Exact(
  {
    id: Type.Integer(about(DOCS, 'Document id.', 812004377)),
    type_id: Type.Integer(about(DOCS, '7: visit (YB document types).', 7)),
    storage_id: Type.Integer(about(DOCS, '0 for a visit.', 0)),
    user_id: Type.Integer(about(DOCS, 'Equals created_user_id in R20 and R25.', 13402288)),
    company_id: Type.Integer(about(DOCS, 'Equals company_id.', 1012345)),
    number: Type.Integer(about(DOCS, 'Equals id on current Altegio (R25, R26).', 812004377)),
    comment: Type.String(about(DOCS, 'Comment.', '')),
    date_created: Type.String(
      about(
        DOCS,
        'The visit time, "YYYY-MM-DD HH:MM:SS" (not when it was made).',
        '2026-09-21 14:30:00',
      ),
    ),
    category_id: Type.Integer(about(DOCS, '0 for a visit.', 0)),
    visit_id: Type.Integer(about(DOCS, 'Equals the record visit_id.', 1498765432)),
    record_id: Type.Integer(about(DOCS, 'Equals the record id.', 1702345678)),
    type_title: Type.String(about(DOCS, 'In the location language.', 'Visit')),
    is_sale_bill_printed: Type.Boolean(about('R25 R26 AG KR MK', 'Not in R20.', false)),
  },
  about(DOCS, 'The visit document: one, type 7.'),
)
