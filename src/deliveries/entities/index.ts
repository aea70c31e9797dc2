import type { EventStatus, Resource } from '../../schemas/event.js'
import { client } from './client.js'
import { company } from './company.js'
import type { EntityContext } from './context.js'
import { financesOperation } from './finances-operation.js'
import { good } from './good.js'
import {
  goodsOperationsConsumable,
  goodsOperationsMove,
  goodsOperationsReceipt,
  goodsOperationsSale,
  goodsOperationsStolen,
} from './goods-operation.js'
import { loyaltyCard } from './loyalty-card.js'
import { record } from './record.js'
import { service } from './service.js'
import { serviceCategory } from './service-category.js'
import { staff } from './staff.js'
import { type ClientFixes, worldOf } from './world.js'

type Builder = (context: EntityContext) => unknown

/** How each resource's entity is made; each returns its schema's type (src/schemas/entities/). */
const BUILDERS: Record<Exclude<Resource, 'schedule'>, Builder> = {
  company,
  service_category: serviceCategory,
  service,
  good,
  staff,
  client,
  record,
  goods_operations_sale: goodsOperationsSale,
  goods_operations_receipt: goodsOperationsReceipt,
  goods_operations_consumable: goodsOperationsConsumable,
  goods_operations_stolen: goodsOperationsStolen,
  goods_operations_move: goodsOperationsMove,
  finances_operation: financesOperation,
  loyalty_card: loyaltyCard,
}

/**
 * A realistic entity for an event without `data`, as the platform sends it
 * for that resource. Its id is the event's resource_id, its company the
 * location; the rest is drawn from `seed`, the location and the entity's id,
 * so the same seed gives the same entity in every event and every run.
 */
export function entityFor(
  seed: number,
  event: { locationId: number; resource: Resource; resourceId: number; status: EventStatus },
  clientFixes?: ClientFixes,
): unknown {
  if (event.resource === 'schedule') return []
  const world = worldOf(seed, event.locationId)
  world.clientFixes = clientFixes
  try {
    return BUILDERS[event.resource]({
      world,
      id: event.resourceId,
      status: event.status,
      draw: world.draw(event.resource, event.resourceId),
    })
  } finally {
    world.clientFixes = undefined
  }
}
