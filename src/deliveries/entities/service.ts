import type { ServiceEntity } from '../../schemas/entities/service.js'
import type { EntityContext } from './context.js'
import type { LocationWorld } from './world.js'

/**
 * The team members who perform a service, in the location's order. Drawn
 * apart from the service entity so its category can name the same people.
 */
export function serviceStaffIds(world: LocationWorld, serviceId: number): number[] {
  const draw = world.draw('service-staff', serviceId)
  const chosen = world.staffIds.filter(() => draw.chance(0.4))
  return chosen.length > 0 ? chosen : [draw.pick(world.staffIds)]
}

/**
 * A service (GET /company/{location_id}/services/{service_id}): its title,
 * price, duration and category from the location, performed by some of its
 * team members. The same for every status: a delete carries the last state.
 */
export function service({ world, id, draw }: EntityContext): ServiceEntity {
  const identity = world.service(id)
  const salonServiceId = draw.id()
  const printTitle = draw.chance(0.5) ? identity.title : ''
  const weight = draw.int(0, 20)
  const apiId = draw.pick(['0', ''])
  return {
    booking_title: identity.title,
    tax_variant: null,
    vat_id: null,
    print_title: printTitle,
    service_type: 1,
    api_service_id: 0,
    repeat_visit_days_step: null,
    seance_search_start: 0,
    seance_search_finish: 86400,
    seance_search_step: 900,
    step: 0,
    is_need_limit_date: false,
    date_from: '0000-00-00',
    date_to: '0000-00-00',
    schedule_template_type: 2,
    online_invoicing_status: 0,
    is_abonement_autopayment_enabled: 0,
    autopayment_before_visit_time: 0,
    abonement_restriction_value: 0,
    is_chain: false,
    is_price_managed_only_in_chain: false,
    is_comment_managed_only_in_chain: false,
    price_prepaid_amount: 0,
    price_prepaid_percent: 100,
    is_composite: false,
    technical_break_duration: null,
    default_technical_break_duration: 0,
    id,
    salon_service_id: salonServiceId,
    title: identity.title,
    category_id: identity.categoryId,
    // One price per service in the world: the one records charge.
    price_min: identity.price,
    price_max: identity.price,
    discount: 0,
    comment: '',
    weight,
    active: 1,
    api_id: apiId,
    prepaid: 'forbidden',
    is_multi: false,
    capacity: 0,
    image_group: [],
    staff: serviceStaffIds(world, id).map((staffId) => {
      const staff = world.staff(staffId)
      return {
        id: staffId,
        seance_length: identity.duration,
        technological_card_id: 0,
        image_url: staff.avatar,
        price: null,
        name: `${staff.name} ${staff.surname}`,
      }
    }),
    dates: [],
    duration: identity.duration,
    resources: [],
    is_online: true,
  }
}
