import { type Static, Type } from '../typebox.js'
import { about, EmptyList, Entity, Exact, Nullable } from './annotate.js'

// DT-WH-CLIENT is the webhook's own list; the others show the same REST client object.
const MOST = 'DT-WH-CLIENT APIB VG'
const int = (sources: string, note: string, example: number) =>
  Type.Integer(about(sources, note, example))
const num = (sources: string, note: string, example: number) =>
  Type.Number(about(sources, note, example))
const text = (sources: string, note: string, example: string) =>
  Type.String(about(sources, note, example))
// Enumerated integers stay integers, as record does, so the docs show their JSON type.
const upTo = (maximum: number, sources: string, note: string, example: number) =>
  Type.Integer({ minimum: 0, maximum, ...about(sources, note, example) })
const flag = (sources: string, note: string, example: 0 | 1) => upTo(1, sources, note, example)

export const ClientCategory = Exact(
  {
    id: int('DT-WH-CLIENT APIB', 'Client category id.', 4),
    title: text('DT-WH-CLIENT APIB', 'Category title.', 'VIP'),
    color: text('DT-WH-CLIENT APIB', '"#rrggbb", lower case.', '#e8d313'),
  },
  about('DT-WH-CLIENT APIB DT-CL-LIST', 'A client category (label); ids on input, objects here.'),
)

/** `data` of a `client` webhook, in DT-WH-CLIENT's key order. */
export const ClientEntity = Entity(
  {
    id: int(`${MOST} DT-CL-LIST CY SOFAA`, 'Equals the event resource_id.', 4240880),
    name: text(
      `${MOST} DT-CL-LIST CY SOFAA`,
      'First name (the full name in old APIB examples).',
      'James',
    ),
    surname: text('DT-WH-CLIENT VG', 'Not in APIB (older); "" when unset.', 'Smith'),
    patronymic: text(
      'DT-WH-CLIENT VG',
      'DT REST requests call it middle_name (DT-CL-EDIT); "" when unset.',
      '',
    ),
    display_name: text(
      'DT-WH-CLIENT VG',
      '"Formatted full name"; composition undocumented, the mock writes "name surname".',
      'James Smith',
    ),
    phone: text(
      'DT-WH-CLIENT APIB CY SOFAA REAL-REC',
      'String with "+", never masked in a webhook (VG and DT-CL-LIST show a bare number).',
      '+13155550175',
    ),
    email: text(MOST, '"" when none.', 'j.smith@example.com'),
    card: text(
      MOST,
      'Card number (DT: "Loyalty card number"), "" when none; not a card object (DT-CL-LIST: a number).',
      '555888666',
    ),
    birth_date: Nullable(
      text(
        MOST,
        '"YYYY-MM-DD". Unset: null (DT-CL-LIST), "1970-01-01" (APIB) or 0 (VG); unresolved.',
        '1990-03-22',
      ),
    ),
    comment: text(`${MOST} DT-CL-LIST CY`, 'Client card comment, "" when none.', ''),
    discount: num(MOST, 'Personal discount, percent; an integer in every example.', 10),
    visits: int(`${MOST} CY`, 'Total visit count.', 34),
    sex_id: upTo(2, MOST, '0 unknown, 1 male, 2 female (DT REST pages: gender_id).', 0),
    sex: text(
      MOST,
      'Label of sex_id in the account language: "unknown" (DT), "Неизвестно", "Мужской" (APIB).',
      'unknown',
    ),
    sms_check: flag(MOST, 'Birthday SMS greeting: 0/1, not a boolean.', 1),
    sms_bot: flag(
      'DT-WH-CLIENT APIB VG CY YCDB',
      '0/1; in one APIB example only (bulk create).',
      0,
    ),
    sms_not: flag(MOST, '1: excluded from SMS mailings.', 0),
    spent: num(`${MOST} SOFAA`, 'Total spent; an integer in every example.', 71842),
    paid: num('DT-WH-CLIENT APIB VG CY YCDB', 'Total paid; in one APIB example only.', 70342),
    balance: num(MOST, 'Money; may be negative (APIB: -1200).', -1500),
    importance_id: upTo(
      3,
      `${MOST} DT-CL-LIST DT-CL-EDIT`,
      '0 none, 1 bronze, 2 silver, 3 gold (DT-WH-CLIENT says 0 normal, 1 VIP, 2 blacklisted).',
      3,
    ),
    importance: text(
      MOST,
      'Label of importance_id: "No importance class", "Bronze", "Silver", "Gold".',
      'Gold',
    ),
    categories: Type.Array(
      ClientCategory,
      about(`${MOST} DT-CL-LIST`, '[] when none (DT-CL-LIST once shows {}, a doc artifact).', []),
    ),
    last_change_date: text(
      `${MOST} DT-CL-LIST CY`,
      'ISO, offset without a colon, location time; on delete, when it was deleted.',
      '2026-09-21T23:00:00-0500',
    ),
    custom_fields: Type.Union(
      [
        EmptyList('[] when empty, as PHP writes an empty map (VG, REAL-REC on a record).', 'VG'),
        Type.Record(Type.String(), Type.Unknown(), about('APIB VG', '{api_key: value} when set.')),
      ],
      about(MOST, '[] when empty (APIB shows {}); an object of field keys when set.', []),
    ),
  },
  {
    description:
      'A client as the REST API returns it, "the full client profile with all default includes" (DT-WH-INDEX, DT-WH-CLIENT). No real client webhook was found; the Altegio webhook schema (DT-WH-CLIENT) lists these 25 fields, and APIB, VG and CY show the same object under older or newer names.',
    citations: {
      'DT-WH-CLIENT':
        'Altegio Developer Tools, "Client Event" webhook schema: https://developer.alteg.io/en/developers/openapi/webhooks/webhook_client.md (stored copy: public file id 62103489702, find_string "sent in webhook notifications").',
      'DT-WH-INDEX':
        'Altegio Developer Tools, "Webhooks" tag page: public file id 62413659270 (find_string "# Loyalty Card Event").',
      'DT-CL-LIST':
        'Altegio Developer Tools, "Deprecated. Get a list of clients", GET /clients/{location_id}: public file id 62170141953 (find_string "\\"importance_id\\":0,").',
      'DT-CL-EDIT':
        'Altegio Developer Tools, "Edit client", PUT /client/{location_id}/{id}: public file id 62337783978.',
      APIB: 'Official YCLIENTS API Blueprint (Russian), copied in mkosinov/yclientsapi, docs/yclients_official/yclientsru.apib @ 018d75b09590a96cfdfa7b9d10d6c38514207e8b ("Group Клиенты", "Уведомления о событиях webhooks").',
      VG: 'OpenAPI spec from the newer YCLIENTS docs: vgrish/yclients-openapi-php, Yclients.openapi.json @ 5194b3426c98ad81bfda9a3b39649295508192c9 (client.response) and docs/Model/ClientResponseData.md @ 1fbe14baa075f384cede27276088273ede64f659.',
      CY: 'C client library, json_to_client(): igkuzm/cYclients, yclients.c (older; public file id 46598826945).',
      SOFAA:
        'Receiver of resource "client" webhooks reading data.id, name, phone (older: spent, visits): lilwondermelo/sofaa, yc_hook.php @ 3225e9323ad437691e9243432a78c70a849227b7 and contact.php @ b4d27f5d755771253bdea39d4893b39b1bdf128c.',
      YCDB: 'Laravel model storing YCLIENTS client fields (table ycvatutina): public file id 40808389759 (find_string "ycvatutina"); repository not identified.',
      'REAL-REC':
        'Real YCLIENTS record webhook (2019, company 199630), for the phone and date formats of its client: otves/yclients-java, src/test/resources/UserRecordWebHook.json @ 139f7608b8573e21d6c37c9f1dbf9fabd4d7f1c1.',
      'MK-WH':
        'Library model of the record webhook and its client: mkosinov/yclientsapi, src/yclientsapi/schema/webhook.py @ f69564b6a274a4e6af368bd3ed8853352b25f85a.',
    },
    notes: [
      'Delete: no real capture. DT-WH-CLIENT has one required data schema for create, update and delete, and APIB says data has "the same set of fields as the API"; no source has a deleted field on a client. The mock sends the last state, with last_change_date at the deletion and no deletion flag.',
      'Names follow DT-WH-CLIENT, APIB and VG: sex_id/sex and patronymic (DT REST pages say gender_id/gender and middle_name, a translation artifact).',
      'importance_id follows APIB, VG and the DT REST pages (0 none, 1 bronze, 2 silver, 3 gold), whose examples pair 1 with "Бронза" and 3 with "Gold"; DT-WH-CLIENT\'s "1 VIP, 2 blacklisted" reads like categories.',
      'Types where sources disagree: phone and card are strings (VG and DT-CL-LIST show numbers; REAL-REC has a string phone); flags are 0/1; money is a number, an integer in every example.',
      'Labels (sex, importance) are in the account language; the mock writes the English ones DT attests ("unknown", "Gold") and their obvious siblings ("male", "female", "Bronze", "Silver"), which no source shows.',
      'Left out: success_visits_count and fail_visits_count (only on the client inside a record: APIB, REAL-REC, MK-WH), company_id (only the chain clients endpoint).',
      'Inferred by the mock, not by a source: display_name is "name surname"; balance equals paid - spent; custom_fields is [] (the location has no custom fields).',
    ],
  },
)
export type ClientEntity = Static<typeof ClientEntity>
