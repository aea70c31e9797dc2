import type { GoodEntity } from '../../schemas/entities/good.js'
import { changeTimes, type EntityContext } from './context.js'
import { DAY, HOUR, stampTime, YEAR_START } from './time.js'

/** Product category titles: the world names product categories by id only. */
const GOOD_CATEGORIES = ['Main products', 'Hair care', 'Nail care', 'Skin care', 'Retail']
/** The platform's piece unit (REAL-GOOD, ALT-INLINE), titled as DT-REST's English example. */
const PIECE = { id: 216760, short: 'PC' }

/** "3 510 ₽": thousands grouped with an ASCII space, then the currency (REAL-GOOD). */
export const moneyFormat = (amount: number, currency: string) =>
  `${String(amount).replace(/\B(?=(\d{3})+(?!\d))/g, ' ')} ${currency}`

/**
 * A product (GET /goods/{location_id}/{good_id}): title, article, barcode and
 * prices from the location's good, stock in some of its storages. A delete
 * carries the full last state with last_change_date at the deletion (REAL-GOOD).
 */
export function good({ world, id, status, draw }: EntityContext): GoodEntity {
  const identity = world.good(id)
  const tz = world.tz
  const category = world.draw('good-category', identity.categoryId).pick(GOOD_CATEGORIES)
  // Made in working hours, local time.
  const createdAt =
    YEAR_START + draw.int(0, 300) * DAY + draw.int(8 * 3600, 20 * 3600) * 1000 - tz * HOUR
  const { changedAt } = changeTimes(draw, createdAt, status)
  const amounts = world.storageIds.flatMap((storageId) => {
    const stocked = draw.chance(0.6)
    const amount = draw.int(0, 40)
    return stocked ? [{ storage_id: storageId, amount }] : []
  })
  return {
    title: identity.title,
    value: identity.title,
    label: identity.article ? `${identity.title} (${identity.article})` : identity.title,
    article: identity.article,
    category,
    category_id: identity.categoryId,
    salon_id: world.locationId,
    good_id: id,
    cost: identity.cost,
    unit_id: PIECE.id,
    unit_short_title: PIECE.short,
    service_unit_id: PIECE.id,
    service_unit_short_title: PIECE.short,
    actual_cost: identity.actualCost,
    unit_actual_cost: identity.actualCost,
    unit_actual_cost_format: moneyFormat(identity.actualCost, world.place.currency),
    unit_equals: 1,
    barcode: identity.barcode,
    is_chain: false,
    comment: '',
    loyalty_abonement_type_id: 0,
    loyalty_certificate_type_id: 0,
    loyalty_allow_empty_code: 1,
    loyalty_serial_number_limited: 0,
    actual_amounts: amounts,
    critical_amount: 0,
    desired_amount: 0,
    last_change_date: stampTime(changedAt, tz),
    is_goods_mark_enabled: false,
    loyalty_expiration_type_id: null,
    loyalty_certificate_type: null,
  }
}
