import { type Static, Type } from '../typebox.js'
import { about, Entity, Nullable } from './annotate.js'
import {
  GoodsClientOrEmpty,
  GoodsGood,
  GoodsMaster,
  GoodsService,
  GoodsStorage,
  GoodsSupplier,
  GoodsUnit,
} from './goods-operation-parts.js'

const ALL = 'S20 WG WK'
/** "2026-03-14T10:30:00+0400": local time, no milliseconds, no colon in the offset. */
export const STAMP = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}[+-]\\d{4}$'
const int = (sources: string, note: string, example: number) =>
  Type.Integer(about(sources, note, example))
const num = (sources: string, note: string, example: number) =>
  Type.Number(about(sources, note, example))
const stamp = (note: string, example: string) =>
  Type.String({ pattern: STAMP, ...about('S20 WG', note, example) })

/**
 * `data` of the five goods operation webhooks (`goods_operations_sale`,
 * `_receipt`, `_consumable`, `_stolen`, `_move`), in S20's key order.
 */
export const GoodsOperationEntity = Entity(
  {
    id: int(ALL, 'The goods transaction: equals the event resource_id.', 1523401187),
    document_id: int(ALL, 'The inventory document; both halves of a move share it.', 2011873345),
    type_id: Type.Integer({
      minimum: 0,
      maximum: 4,
      ...about(
        'S20 WG WK FA OT DR',
        'Sale 1, consumable 2, receipt 3, write-off (stolen) 4 (OT); move 0, not 5 (FA).',
        1,
      ),
    }),
    type: Type.String(
      about(
        'S20 WG WK FA',
        'Localized label, a string (an object {id, title} only in GT); changed without notice, so consumers use type_id (FA).',
        'Product sale',
      ),
    ),
    good: GoodsGood,
    storage: GoodsStorage,
    unit: GoodsUnit,
    operation_unit_type: int(ALL, '1: sale unit; 2: service unit (consumables, DR).', 1),
    amount: num(
      'S20 WG WK FA',
      'Signed quantity: negative out of the storage (sale, consumable, write-off, move source), positive in; an integer when whole.',
      -2,
    ),
    create_date: stamp('Local time, offset without a colon (S20).', '2026-03-14T10:30:00+0400'),
    cost_per_unit: num(
      'S20 WG DR',
      'Price per unit: an integer when whole, a float otherwise (0.03 in DR).',
      45.5,
    ),
    cost: num(
      'S20 WG',
      'Line total after the discount: cost_per_unit × |amount| × (1 − discount/100); positive.',
      81.9,
    ),
    discount: num('S20 WG DR', 'Percent, not money (DR).', 10),
    comment: Type.String(about('S20 WG', '"" when empty, never null.', '')),
    master: GoodsMaster,
    supplier: GoodsSupplier,
    record_id: int(ALL, 'The appointment; 0 (not null) when none.', 1680739923),
    service: GoodsService,
    client: GoodsClientOrEmpty,
    last_change_date: stamp('As create_date.', '2026-03-14T10:31:12+0400'),
    loyalty_abonement_id: Nullable(
      Type.Integer(about('WG WK', 'Set when the product sold is a membership; not in S20.', null)),
    ),
    loyalty_certificate_id: Nullable(
      Type.Integer(about('WG WK', 'Set when the product sold is a gift card; not in S20.', null)),
    ),
  },
  {
    description:
      'One goods transaction (one product line of an inventory document), never the whole document. All five operations share this shape (WG: one schema "covers all operation types") and differ by type_id, type, the sign of amount and which relations are set. A real 2020 sale (S20) shows 20 of the 22 fields; the webhook schema (WG) and a 2025 consumer model (WK) add the two loyalty ids.',
    citations: {
      S20: 'Real YCLIENTS goods_operations_sale create webhook (2020-09-28, company 28103, RU locale) in a PHP comment: cy322666/tl_yc, app/Models/Abonement.php @ 478b12b43882c1ad71dd21adc2f1d03567507a50 and b290d8534cc63e7681970b4eec1be22948f08bee (later removed); public file id 47837575432.',
      WG: 'Altegio Developer Tools, GoodsOperationEvent webhook schema: https://developer.alteg.io/en/developers/openapi/webhooks/webhook_goods_operation.md.',
      WK: 'Pydantic model of a received goods_operations_sale (Altegio, KZ, 2025-08): BolatKen/altegio-webkassa, app/schemas/altegio.py @ 4819e13.',
      FA: 'Production Altegio→Shopify stock sync consuming sale/receipt/stolen/move hooks, pinning type_id and type per resource: frontangel/altegio-shopify-delta-sync, index.js @ 0e6d24f; commits e1b507d (2025-06-15) and 89839f2 (2026-07-03, "Product sales" → "Product sale").',
      OT: 'Altegio docs, inventory document type_id (sale 1, consumption 2, receipt 3, write-off 4, transfer 5): https://developer.alteg.io/en/inventory/create_inventory_operation.md.',
      DR: 'Altegio docs, record and visit pages (public index ids 62034731065, 62210814861): consumable transaction type_id 2, operation_unit_type 2, cost_per_unit 0.03; discount a percent.',
      GT: 'Altegio docs, GET /storage_operations/goods_transactions/{location_id}/{id}, a different flat format: https://developer.alteg.io/en/b2b-v1/openapi/inventory/get_transaction.',
      ST: 'Altegio docs, GET /storages/transactions, the nested format of the webhook: https://developer.alteg.io/en/b2b-v1/openapi/inventory/search_for_product_transactions.',
      HI: 'Altegio help, types of inventory operations ("For a Transfer operation, you can\'t make edits, but you can cancel"): https://alteg.io/support/en/knowledge-base/4850743484317-types-of-inventory-operations.',
      HUB: "Altegio's own delivery contract (status create/update/delete where applicable): altegio/altegio-integrations-hub-mcp, docs/webhooks.md @ f1012af3.",
    },
    notes: [
      'Delete: no real capture was found. WG has one data schema for create, update and delete and no deleted field; FA reverses a deleted sale, receipt or write-off from data.type_id, amount, good.id and storage.id, so it expects the full last state. The mock sends the last state, with last_change_date at the deletion, and adds no deleted flag.',
      'Operations (type_id, type, sign of amount): sale 1 "Product sale" −; consumable 2 "Consumables write-off" −; receipt 3 "Product arrival" +; stolen 4 "Product write-off" −; move 0 "Moving products" − at the source and + at the destination. The consumable label is a guess (no source shows it); FA saw "Product sales" until 2026-06 and "Product sale" since 2026-07-01; S20 (RU) wrote "Продажа товара".',
      'A move is two transactions and two webhooks with one document_id: one takes the amount out of the source storage, the other puts it into the destination (inferred from FA, which applies each signed amount to its storage.id). There is no second storage field. Moves cannot be edited, only cancelled (HI): create and delete, no update. The mock pairs ids 2k+1 (source) and 2k+2 (destination).',
      'Empty relations (master, supplier, service, client) are [], not null or {} (S20; WK handles a list). record_id is 0 when none; the loyalty ids are null when none.',
      'client.phone has no "+" here (S20), while finances_operation writes "+…"; client has only id, name, phone. ST writes clients and a numeric phone: a doc typo.',
      'Left out, as only other REST formats (GT, ST) show them: company_id, deleted, good_id, storage_id, unit_id, master_id, client_id, supplier_id, service_id, user_id, pkg_amount, sale_unit, service_unit, a rich good, and type as an object.',
    ],
  },
)
export type GoodsOperationEntity = Static<typeof GoodsOperationEntity>
