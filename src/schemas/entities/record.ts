import { type Static, Type } from '../typebox.js'
import { about, EmptyList, Entity } from './annotate.js'
import {
  RecordClient,
  RecordDocument,
  RecordGoodsTransaction,
  RecordLabel,
  RecordService,
  RecordStaff,
} from './record-parts.js'

const ALL = 'R20 R25 AW AG YB MK'
const NEW = 'R25 AW AG MK'
const int = (sources: string, note: string, example: number) =>
  Type.Integer(about(sources, note, example))
const text = (sources: string, note: string, example: string) =>
  Type.String(about(sources, note, example))
const bool = (sources: string, note: string, example: boolean) =>
  Type.Boolean(about(sources, note, example))

/** `data` of a `record` (appointment) webhook, in R25's key order. */
export const RecordEntity = Entity(
  {
    id: int(ALL, 'Equals the event resource_id and documents[].record_id.', 1702345678),
    company_id: int(ALL, 'The location: the event company_id.', 1012345),
    staff_id: int(ALL, 'Equals staff.id.', 3120457),
    clients_count: int(ALL, 'Over 1 only in group events.', 1),
    date: text(ALL, 'Local time without an offset: "YYYY-MM-DD HH:MM:SS".', '2026-09-21 14:30:00'),
    comment: text(ALL, '"" when empty, never null.', ''),
    online: bool(ALL, 'true: booked online by the client.', false),
    visit_id: int('R20 R25 AW AG MK', 'Integer in real payloads (YB shows a string).', 1498765432),
    visit_attendance: int(ALL, '-1, 0, 1 or 2.', 1),
    attendance: int(ALL, '-1 no-show, 0 waiting, 1 came, 2 confirmed.', 1),
    confirmed: int(ALL, '0/1, not a boolean.', 1),
    seance_length: int(ALL, 'Seconds.', 3600),
    length: int(ALL, 'Equals seance_length in every sample.', 3600),
    sms_before: int(ALL, '0/1.', 1),
    sms_now: int('R20 R25 AG YB MK', '0/1 (AW says boolean).', 1),
    sms_now_text: text(ALL, 'SMS text.', ''),
    email_now: int(ALL, '0/1.', 1),
    notified: int('R20 R25 AG YB MK', '0/1 (AW says string).', 0),
    master_request: int(
      'R20 R25 AG YB MK',
      '1: this team member was asked for (AW says string).',
      1,
    ),
    api_id: text(ALL, 'External id, "" when none.', ''),
    from_url: text(ALL, 'Where the booking came from.', ''),
    review_requested: int(ALL, '0/1.', 0),
    created_user_id: int(ALL, 'Equals documents[].user_id.', 13402288),
    deleted: bool(ALL, 'true on a delete event (soft delete).', false),
    paid_full: int('R20 R25 AG YB MK', '0/1 (AW says boolean).', 1),
    prepaid: bool(ALL, 'Boolean.', false),
    prepaid_confirmed: bool(ALL, 'Boolean.', false),
    is_update_blocked: bool('R25 AW AG MK', 'Not in R20 (2020).', false),
    activity_id: int(ALL, 'Group event id, 0 otherwise.', 0),
    bookform_id: int(NEW, 'Not in R20.', 0),
    record_from: text(NEW, 'Not in R20.', ''),
    is_mobile: int('R25 AG MK', '0/1 (AW says boolean); not in R20.', 0),
    services: Type.Array(RecordService, about(ALL, 'The services booked.')),
    staff: RecordStaff,
    goods_transactions: Type.Array(
      RecordGoodsTransaction,
      about(ALL, 'Products sold in the visit; [] in every real sample.', []),
    ),
    sms_remain_hours: int(NEW, 'Hours before the visit; nullable per AW. Not in R20.', 1),
    email_remain_hours: int(NEW, 'Hours before the visit; nullable per AW. Not in R20.', 1),
    comer: Type.Null(about('R20 R25 AW AG MK', 'null in every real payload.', null)),
    comer_person_info: Type.Null(about('R25 AW AG', 'Only in R25 and the Altegio docs.', null)),
    client: Type.Union(
      [RecordClient, Type.Null()],
      about(ALL, 'null for an appointment without a client (YB, AW).'),
    ),
    datetime: text(ALL, 'ISO with a colon in the offset.', '2026-09-21T14:30:00+03:00'),
    create_date: text(ALL, 'ISO, offset without a colon.', '2026-09-18T11:49:08+0300'),
    last_change_date: text(
      ALL,
      'As create_date; on delete, when it was deleted.',
      '2026-09-21T15:42:10+0300',
    ),
    custom_fields: EmptyList('[] when empty; {code: value} when set (R20).', ALL),
    custom_color: text(ALL, 'Hex without #, or "".', ''),
    custom_font_color: text(ALL, '"" in real payloads.', ''),
    record_labels: Type.Array(RecordLabel, about(ALL, '[] when none.')),
    documents: Type.Array(RecordDocument, about('R20 R25 R26 AW AG YB MK', 'The visit document.')),
    short_link: text('R25 R26 AW AG MK AB', 'Not in R20.', 'https://a5.gl/c/Oyfhm/BqNtT/'),
    composite: EmptyList('[] in R25; no sample of a composite one.', 'R25 AW'),
  },
  {
    description:
      'An appointment as GET /record/{location_id}/{record_id} returns it. Two real webhook bodies (R20, 2020 YCLIENTS; R25, 2025 Altegio) and the Altegio webhook schema (AW) agree on the 50 fields of current Altegio; R20 has 41 of them.',
    citations: {
      R20: 'Real YCLIENTS webhook (2020-11, company 358944), raw JSON in a comment: Gorchel/saloon, app/Http/Controllers/YclientsController.php @ 68dc4d05657f49094a0068e7eaf7a9eab36950b3.',
      R25: 'Real Altegio webhook (2025-07, company 307626), pasted as a Python dict: BolatKen/altegio-webkassa, app/schemas/altegio.py @ 0f950d832d00f1e9356186918c629df9c23c0617 (and test/test_webhook_array.py).',
      R26: 'A record returned by POST /records (2026-01), in a jest test: public file id 51784975793 (find_string "assets.alteg.io/masters"); repository not identified.',
      AW: 'Altegio Developer Tools, "Appointment Event" webhook schema: https://developer.alteg.io/en/developers/openapi/webhooks/webhook_record.md.',
      AG: 'Altegio Developer Tools, "Get an Appointment": https://developer.alteg.io/en/b2b-v1/openapi/appointments/get_appointment.',
      YB: 'Official YCLIENTS API Blueprint (Russian), copied in mkosinov/yclientsapi, docs/yclients_official/yclientsru.apib @ cafaf30d4fb92630d86602f5f8936608bbb8ad22 ("Получить запись", "Уведомления о событиях webhooks").',
      MK: 'Library model of the record webhook: mkosinov/yclientsapi, src/yclientsapi/schema/webhook.py @ f69564b6a274a4e6af368bd3ed8853352b25f85a.',
      KR: 'DTOs checked against real GET /records answers: krimtsev/portal-backend, app/Integrations/Yclients/Resources/Records/DTO/GoodsTransactionDTO.php @ 2f98ece3d27018dbf3ae38b40b4f2f58c269a8e5.',
      AB: 'Production consumer of Altegio record webhooks: jurassicon/altegio_bot, src/altegio_bot/workers/inbox_worker.py @ ba9e9d3fe7b757d4d705e42ef07f10453aaf5083.',
      AM: 'Production consumer notes (YCLIENTS): alex-misch/integrator, apps/api/src/modules/customer-loyalty/yclients-webhook.types.ts @ 946442715d31b55139e678e1d47a0937c112a9b7.',
    },
    notes: [
      'Delete: no real capture was found. YB says data has "the same set of fields as the API", AW has one data schema for create, update and delete and a deleted boolean, and AB handles delete as a full record. The mock sends the last state with deleted: true and last_change_date at the deletion.',
      'Types where the docs and real payloads disagree follow the payloads: sms_now, paid_full, is_mobile are 0/1 (AW: boolean); notified, master_request are integers (AW: string); visit_id and record_labels[].id are integers (YB: strings); deleted is a boolean.',
      'Dates: date and documents[].date_created are "YYYY-MM-DD HH:MM:SS" without an offset; datetime has a colon in its offset (+03:00); create_date and last_change_date do not (+0300). AB reports the offset is the location fixed offset, not adjusted for summer time. No fractional seconds.',
      'Left out although the REST reference has them, since no webhook source shows them: payment_status, a top-level is_sale_bill_printed, consumables, finance_transactions, resource_instance_ids, client.is_new.',
      'custom_fields is [] when empty and an object of field codes when set (PHP encodes an empty map as []); the mock sends [].',
      'documents[].number equals the document id on current Altegio (R25, R26); 2020 YCLIENTS (R20) numbered them per location.',
    ],
  },
)
export type RecordEntity = Static<typeof RecordEntity>
