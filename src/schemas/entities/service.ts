import { type Static, Type } from '../typebox.js'
import { about, Entity } from './annotate.js'
import { ServiceImageGroup, ServiceStaff } from './service-parts.js'

const REAL = 'REAL-SVC-C REAL-SVC-PY'
const ALL = `${REAL} MK APIB YDOCS DT-HOOK DT-REST`
const COMMON = `${REAL} MK YDOCS`
const int = (sources: string, note: string, example: number) =>
  Type.Integer(about(sources, note, example))
const num = (sources: string, note: string, example: number) =>
  Type.Number(about(sources, note, example))
const text = (sources: string, note: string, example: string) =>
  Type.String(about(sources, note, example))
const bool = (sources: string, note: string, example: boolean) =>
  Type.Boolean(about(sources, note, example))
const intOrNull = (sources: string, note: string) =>
  Type.Union([Type.Integer(), Type.Null()], about(sources, note, null))

/** `data` of a `service` webhook: GET /company/{id}/services/{id}, in REAL-SVC-C's key order. */
export const ServiceEntity = Entity(
  {
    booking_title: text(`${COMMON} DT-HOOK DT-REST`, 'Title for online booking.', 'Haircut'),
    tax_variant: intOrNull(COMMON, 'null in both real captures (YDOCS: 0).'),
    vat_id: intOrNull(COMMON, 'null in both real captures (YDOCS: 2).'),
    print_title: text(COMMON, 'Title on receipts; may be "".', ''),
    service_type: int(COMMON, '1: bookable online, 0: not (YDOCS).', 1),
    api_service_id: int(COMMON, 'An integer, unlike api_id.', 0),
    repeat_visit_days_step: intOrNull(
      `${REAL} MK VM`,
      'Days; null when unset (YDOCS shows the string "null").',
    ),
    seance_search_start: int(COMMON, 'Seconds from midnight.', 0),
    seance_search_finish: int(COMMON, 'Seconds from midnight.', 86400),
    seance_search_step: int(COMMON, 'Seconds.', 900),
    step: int(COMMON, 'Seconds; 0 in both real captures.', 0),
    is_need_limit_date: bool(`${REAL} MK`, 'A boolean (YDOCS shows the string "true").', false),
    date_from: text(COMMON, '"YYYY-MM-DD"; "0000-00-00" when unset, never null.', '0000-00-00'),
    date_to: text(COMMON, '"YYYY-MM-DD"; "0000-00-00" when unset, never null.', '0000-00-00'),
    schedule_template_type: int(COMMON, '2 in both real captures.', 2),
    online_invoicing_status: int(COMMON, '0 off, 2 on (YDOCS).', 0),
    is_abonement_autopayment_enabled: int(COMMON, '0/1, not a boolean.', 0),
    autopayment_before_visit_time: int(COMMON, 'Seconds.', 0),
    abonement_restriction_value: int(COMMON, '0/1.', 0),
    is_chain: bool(COMMON, 'A boolean (YDOCS shows the string "false").', false),
    is_price_managed_only_in_chain: bool(`${REAL} MK DT-HOOK`, 'Chain setting.', false),
    is_comment_managed_only_in_chain: bool(`${REAL} MK DT-HOOK`, 'Chain setting.', false),
    price_prepaid_amount: num(COMMON, 'Prepayment amount.', 0),
    price_prepaid_percent: int(COMMON, 'Prepayment percent.', 100),
    is_composite: bool(`${REAL} VM`, 'Newer field: not in MK (2024-09) or YDOCS.', false),
    technical_break_duration: intOrNull(
      'REAL-SVC-C DT-REST YDOCS',
      'Seconds, a multiple of 300 up to 3600; null: the location default. Not in REAL-SVC-PY.',
    ),
    default_technical_break_duration: int('REAL-SVC-C', 'Newest field (2025).', 0),
    id: int(ALL, 'Equals the event resource_id.', 18903446),
    salon_service_id: int(ALL, 'The service id within the chain.', 21367946),
    title: text(ALL, 'Service title.', 'Haircut'),
    category_id: int(ALL, 'The service_category id.', 18565171),
    price_min: num(ALL, 'Integer-valued in real captures; floats are accepted (999.99).', 3800),
    price_max: num(ALL, 'May be 0 while price_min is not (REAL-SVC-PY: no range).', 3800),
    discount: num(ALL, 'Percent.', 0),
    comment: text(ALL, '"" when empty.', ''),
    weight: int(ALL, 'Sort order.', 19),
    active: int(ALL, '0/1, not a boolean; 1: bookable online.', 1),
    api_id: text(ALL, 'A string even when numeric: "0" or "".', '0'),
    prepaid: text(
      `${REAL} MK DT-HOOK PREPAID-ENUM`,
      'Only "forbidden" is seen; PREPAID-ENUM adds "allowed" and "required".',
      'forbidden',
    ),
    is_multi: bool(`${REAL} MK DT-HOOK`, 'true: a group service.', false),
    capacity: int(`${REAL} MK DT-HOOK`, '0 for individual services.', 0),
    image_group: ServiceImageGroup,
    staff: Type.Array(ServiceStaff, about(ALL, 'Team members who perform it; may be [].')),
    dates: Type.Array(
      Type.String(about(COMMON, '"YYYY-MM-DD".', '2026-09-19')),
      about(COMMON, 'Days the service is offered on; [] in both real captures.', []),
    ),
    duration: int(
      `${REAL} MK DT-REST DT-HOOK`,
      'Seconds (REAL, DT-REST, APIB); DT-HOOK says minutes, wrongly.',
      3600,
    ),
    resources: Type.Array(
      Type.Integer(about(COMMON, 'Resource id.', 254125)),
      about(COMMON, 'Resource ids; [] in both real captures.', []),
    ),
    is_online: bool(`${REAL} MK DT-REST`, 'Bookable online.', true),
  },
  {
    description:
      'A service as GET /company/{location_id}/services/{service_id} returns it, which DT-HOOK and APIB say a service webhook carries. No real service webhook was found; two real REST captures (REAL-SVC-C, 2025; REAL-SVC-PY, older) give the 47 fields and their order.',
    citations: {
      'REAL-SVC-C':
        'Real REST response (GET service, 2025-11) pasted as a comment: igkuzm/cYclients, src/structs.h @ 85010aa10fc2198a7a7ddccc6c921c20e4478276.',
      'REAL-SVC-PY':
        'Real REST response (one service of /services/1193779/) in a comment of a Django command: public file id 29548944057 (find_string "is_abonement_autopayment_enabled"); repository not identified.',
      MK: 'Pydantic models (extra="forbid", tested against the live API): mkosinov/yclientsapi, src/yclientsapi/schema/service.py @ 018d75b09590a96cfdfa7b9d10d6c38514207e8b; a later version with staff.price {min, max}: public file id 3213080719.',
      VM: 'Client types from live responses: VanyaMate/yclients-booster, src/action/settings/service_categories/types/settings-service_categories.types.ts @ 53cdd9ff66e217c40c1d4a787fd708b7d84cedc0.',
      'DT-HOOK':
        'Altegio Developer Tools OpenAPI, webhook schema ServiceEvent: https://developer.alteg.io/en/developers/openapi.yaml (stored renderings: public file ids 62033772617, 62350444105, 62211980468).',
      'DT-REST':
        'Altegio Developer Tools b2b-v1 reference: https://developer.alteg.io/en/services/get_service.md and https://developer.alteg.io/en/services/get_service_list.md.',
      APIB: 'Official YCLIENTS API Blueprint (Russian), copied in mkosinov/yclientsapi, docs/yclients_official/yclientsru.apib @ cafaf30d4fb92630d86602f5f8936608bbb8ad22 ("Услуги", "Уведомления о событиях webhooks").',
      YDOCS:
        'A dump of developers.yclients.com (Redoc, Russian): public file id 47619584047 (PATCH /company/{id}/services/{id} response sample; services/links master_settings sample).',
      'PREPAID-ENUM':
        "Client type 'forbidden' | 'allowed' | 'required': public file id 52615333125 (find_string \"prepaid: 'forbidden' | \").",
    },
    notes: [
      'Delete: no real capture was found. DT-HOOK has one data schema for create, update and delete, and APIB says data has the same fields as the API entity; a service has no deleted field. The mock sends the full last state, unchanged (medium-low confidence).',
      'Types follow the real captures where the docs disagree: ids and prices are numbers (APIB/YDOCS examples show strings such as "1000.00"), is_chain and is_need_limit_date are booleans and repeat_visit_days_step is null (YDOCS: "false", "true", "null"); active, is_abonement_autopayment_enabled and abonement_restriction_value are 0/1 integers.',
      'Newer fields: is_composite (both real captures), technical_break_duration and default_technical_break_duration (only REAL-SVC-C, 2025) are not in MK (2024-09, extra="forbid"), so they came between.',
      'Left out: translations, kkm_settings_id, is_linked_to_composite, salon_group_service_link, salon_group_title, composite_details; VM sees them only in internal or include= responses.',
      'The mock draws one price per service from the location (price_min = price_max = the price records charge); the platform also sends ranges, and price_max 0 for none, so no max >= min rule applies.',
      'staff[].image_url is the team member small photo (the staff entity avatar); the real captures show the no-master-sm.png placeholder of members without one. image_group is [] in every real capture and the mock always sends []; the object form is from the docs.',
    ],
  },
)
export type ServiceEntity = Static<typeof ServiceEntity>
