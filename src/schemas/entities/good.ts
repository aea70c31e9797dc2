import { type Static, Type } from '../typebox.js'
import { about, Entity, Exact } from './annotate.js'

const REAL = 'REAL-GOOD'
const ALL = `${REAL} VM ALR DT-HOOK DT-REST APIB`
const NEW = 'VM ALR DT-HOOK'
const int = (sources: string, note: string, example: number) =>
  Type.Integer(about(sources, note, example))
const num = (sources: string, note: string, example: number) =>
  Type.Number(about(sources, note, example))
const text = (sources: string, note: string, example: string) =>
  Type.String(about(sources, note, example))
const bool = (sources: string, note: string, example: boolean) =>
  Type.Boolean(about(sources, note, example))

const GoodAmount = Exact(
  {
    storage_id: int('ALR VM DT-REST', 'Storage id; an integer (APIB shows "987").', 1554448),
    amount: num('ALR VM DT-REST', 'Stock; may be negative (ALR) or fractional.', 12),
  },
  about('ALR VM DT-REST', 'Stock in one storage.'),
)

/** `data` of a `good` (product) webhook, in REAL-GOOD's key order with the newer fields where VM and ALR put them. */
export const GoodEntity = Entity(
  {
    title: text(ALL, 'Product title.', 'Shampoo 250 ml'),
    value: text(ALL, 'Always equals title.', 'Shampoo 250 ml'),
    label: text(
      ALL,
      '"<title> (<article>)", or the title when the article is "".',
      'Shampoo 250 ml (12183)',
    ),
    article: text(`${REAL} ${NEW}`, 'A string even when numeric; "" when none.', '12183'),
    category: text(`${REAL} ${NEW}`, 'The product category title.', 'Main products'),
    category_id: int(`${REAL} ${NEW}`, 'The product category id.', 979588),
    salon_id: int(
      `${REAL} ${NEW}`,
      'The location: the event company_id. There is no company_id field.',
      775230,
    ),
    good_id: int(ALL, 'Equals the event resource_id. There is no id field.', 23365315),
    cost: num(ALL, 'Selling price; integer-valued in REAL-GOOD, a float per APIB.', 3511),
    unit_id: int(ALL, 'Sale unit; 216760 is the platform piece unit.', 216760),
    unit_short_title: text(ALL, 'Sale unit: "шт" in REAL-GOOD, "PC" in DT-REST.', 'PC'),
    service_unit_id: int(ALL, 'Write-off unit.', 216760),
    service_unit_short_title: text(ALL, 'Write-off unit.', 'PC'),
    actual_cost: num(ALL, 'Cost price.', 3510),
    unit_actual_cost: num(ALL, 'Cost price per sale unit.', 3510),
    unit_actual_cost_format: text(
      ALL,
      'Thousands grouped with an ASCII space, then a space and the currency.',
      '3 510 ₽',
    ),
    unit_equals: num(ALL, 'Sale unit over write-off unit.', 1),
    barcode: text(ALL, 'A string, "" when none (APIB table says number).', ''),
    is_chain: bool(NEW, 'Not in REAL-GOOD (2022): a newer field.', false),
    comment: text(NEW, 'Not in REAL-GOOD: a newer field.', ''),
    loyalty_abonement_type_id: int(
      `${REAL} ${NEW}`,
      '0: not a membership (DT-REST shows "150").',
      0,
    ),
    loyalty_certificate_type_id: int(
      `${REAL} ${NEW}`,
      '0: not a certificate (DT-REST shows "0").',
      0,
    ),
    loyalty_allow_empty_code: int(`${REAL} ${NEW}`, '0/1, not a boolean (DT-REST shows false).', 1),
    loyalty_serial_number_limited: int(NEW, '0/1. Not in REAL-GOOD: a newer field.', 0),
    actual_amounts: Type.Array(
      GoodAmount,
      about(ALL, 'Stock per storage; [] without stock rows.', []),
    ),
    critical_amount: num(`${REAL} ${NEW}`, 'DT-HOOK says nullable; 0 in REAL-GOOD.', 0),
    desired_amount: num(`${REAL} ${NEW}`, '0 in REAL-GOOD.', 0),
    last_change_date: text(
      ALL,
      'Local time, offset without a colon, no milliseconds; on delete, when it was deleted.',
      '2022-11-02T12:37:23+0400',
    ),
    is_goods_mark_enabled: bool(`${REAL} ${NEW}`, 'A boolean.', false),
    loyalty_expiration_type_id: Type.Union(
      [Type.Integer(), Type.Null()],
      about('VM ALR ALT-INLINE', 'null; not in REAL-GOOD or DT-HOOK: the newest field.', null),
    ),
    loyalty_certificate_type: Type.Null(
      about('DT-HOOK', 'Only DT-HOOK lists it (object or null), without its fields.', null),
    ),
  },
  {
    description:
      'A product as GET /goods/{location_id}/{good_id} returns it, which DT-HOOK says a good webhook carries. Real good webhooks (REAL-GOOD, 2022 YCLIENTS: create, update, delete) give 26 fields and their order; recent live-validated models (VM, ALR) and DT-HOOK add 5.',
    citations: {
      'REAL-GOOD':
        'Real good webhooks (create, update, delete; 2022-11, company 775230) logged by a receiver: MakStashkevich/moyscklad-yclients-bridge, handler/yclients_hook_response.md @ dd5dc945d8e1d95c51e061c9e3a1414485cb7076 (consumed by handler/yclients_handler.py).',
      VM: 'Client types from live responses: VanyaMate/yclients-booster, src/action/goods/types/good.types.ts @ 5af47b223cb0b3eb5801ead53102397f4f226b03.',
      ALR: 'Zod schema validating live Altegio /goods responses ("API returns numbers"): Cosmonaut-itc/ALR-MONOREPO, apps/api/types.ts; the number-typed versions are public file ids 2590444590 and 2520964873.',
      'DT-HOOK':
        'Altegio Developer Tools OpenAPI, webhook schema GoodEvent: https://developer.alteg.io/en/developers/openapi.yaml (stored renderings: public file ids 62033772617, 62350444105, 62211980468).',
      'DT-REST':
        'Altegio Developer Tools, "Get Products" GET /goods/{location_id}/{product_id}: public file id 62253363812; goods embedded in a storage transaction: public file id 62175026700.',
      APIB: 'Official YCLIENTS API Blueprint (Russian), copied in mkosinov/yclientsapi, docs/yclients_official/yclientsru.apib @ cafaf30d4fb92630d86602f5f8936608bbb8ad22 ("Товары", "Уведомления о событиях webhooks").',
      'ALT-INLINE':
        'An Altegio (KZ) integration building a good object for a storage operation: public file id 56153887202 (find_string "loyalty_expiration_type_id"); a UI-shaped object with extra id and unit.',
    },
    notes: [
      'Delete: REAL-GOOD has a real delete body: the same 26 keys as create and update, the full last state, no deleted flag; last_change_date moves to the deletion time. The mock does the same.',
      'There is no id and no company_id: good_id is the event resource_id and salon_id the location (ALT-INLINE adds id, a UI object).',
      'Types follow REAL-GOOD where the docs disagree: numbers for ids and prices (APIB examples show strings), integers for loyalty_abonement_type_id, loyalty_certificate_type_id and loyalty_allow_empty_code (DT-REST: "150", "0", false), a string barcode (APIB table: number). APIB is_barcode is in no payload or model and is left out.',
      'Newer than REAL-GOOD (2022): is_chain, comment, loyalty_serial_number_limited (VM, ALR, DT-HOOK), loyalty_expiration_type_id (VM, ALR) and loyalty_certificate_type (DT-HOOK only; its fields are undocumented, so the mock sends null).',
      'Units: REAL-GOOD and ALT-INLINE show unit 216760 titled "шт" (Russian accounts); the mock sends 216760 with DT-REST\'s English "PC", an unverified title.',
      'The mock draws the product category title from its id (the world has no product categories) and stock for some of the location storages.',
    ],
  },
)
export type GoodEntity = Static<typeof GoodEntity>
