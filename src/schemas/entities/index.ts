import { RESOURCES, type Resource } from '../event.js'
import { type TSchema, Type } from '../typebox.js'
import { ClientEntity } from './client.js'
import { CompanyEntity } from './company.js'
import { FinancesOperationEntity } from './finances-operation.js'
import { GoodEntity } from './good.js'
import { GoodsOperationEntity } from './goods-operation.js'
import { LoyaltyCardEntity } from './loyalty-card.js'
import { RecordEntity } from './record.js'
import { ServiceEntity } from './service.js'
import { ServiceCategoryEntity } from './service-category.js'
import { StaffEntity } from './staff.js'

const ScheduleData = Type.Array(Type.Unknown(), {
  maxItems: 0,
  description:
    'Always [] (HUB; the Altegio webhook schema ScheduleEvent: "data is always an empty array"); resource_id is the team member, status always update.',
})

/** The schema of each resource's `data`, in the order of RESOURCES (the settings' flags). */
const BY_RESOURCE: Record<Resource, TSchema> = {
  company: CompanyEntity,
  service_category: ServiceCategoryEntity,
  service: ServiceEntity,
  good: GoodEntity,
  staff: StaffEntity,
  client: ClientEntity,
  record: RecordEntity,
  goods_operations_sale: GoodsOperationEntity,
  goods_operations_receipt: GoodsOperationEntity,
  goods_operations_consumable: GoodsOperationEntity,
  goods_operations_stolen: GoodsOperationEntity,
  goods_operations_move: GoodsOperationEntity,
  finances_operation: FinancesOperationEntity,
  loyalty_card: LoyaltyCardEntity,
  schedule: ScheduleData,
}

export const ENTITY_SCHEMAS: Record<Resource, TSchema> = Object.fromEntries(
  RESOURCES.map((resource) => [resource, BY_RESOURCE[resource]]),
) as Record<Resource, TSchema>
