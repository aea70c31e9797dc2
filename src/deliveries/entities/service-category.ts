import type { ServiceCategoryEntity } from '../../schemas/entities/service-category.js'
import type { EntityContext } from './context.js'
import { serviceStaffIds } from './service.js'

/**
 * A service category: its title from the location; its team members and
 * price range from the location's services in it, so it agrees with their
 * service entities. The same for every status: a delete carries the last state.
 */
export function serviceCategory({ world, id, draw }: EntityContext): ServiceCategoryEntity {
  const { title } = world.category(id)
  const services = world.serviceIds.filter(
    (serviceId) => world.service(serviceId).categoryId === id,
  )
  const performers = new Set(services.flatMap((serviceId) => serviceStaffIds(world, serviceId)))
  const prices = services.map((serviceId) => world.service(serviceId).price)
  return {
    id,
    category_id: 1,
    salon_service_id: draw.id(),
    title,
    weight: draw.int(1, 10),
    api_id: '',
    staff: world.staffIds.filter((staffId) => performers.has(staffId)),
    booking_title: title,
    price_min: prices.length > 0 ? Math.min(...prices) : 0,
    price_max: prices.length > 0 ? Math.max(...prices) : 0,
    sex: 0,
    is_chain: false,
  }
}
