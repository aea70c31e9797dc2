import type { StaffEntity } from '../../schemas/entities/staff.js'
import type { EntityContext } from './context.js'
import { DAY, dayOf, YEAR_START } from './time.js'

type GridSettings = StaffEntity['grid_settings']

/** The booking grid: every weekday follows the schedule, in steps of `step` seconds. */
function gridSettings(step: number): GridSettings {
  return {
    is_enabled: false,
    weekdays_settings: Array.from({ length: 7 }, (_, i) => ({
      weekday: i + 1,
      timeslots: [],
      setting: {
        grid_first_timeslot: 0,
        grid_last_timeslot: 86_400,
        grid_display_step: step,
        grid_nearest_timeslot_delay: 0,
        grid_base_type: 'schedule' as const,
        is_grid_flexible: false,
      },
    })),
    dates_settings: [],
  }
}

/**
 * A team member (GET /company/{location_id}/staff/{team_member_id}): the
 * world's identity for the id, linked to services of the location. A delete
 * is the last state, soft-deleted.
 */
export function staff(context: EntityContext): StaffEntity {
  const { world, id, status, draw } = context
  const member = world.staff(id)
  const name = `${member.name} ${member.surname}`
  const deleted = status === 'delete'
  const hidden = draw.chance(0.1) ? 1 : 0
  const information = draw.chance(0.5)
    ? `<p>${member.specialization}, ${draw.int(2, 15)} years of experience</p>`
    : ''
  const prepaid = draw.pick(['forbidden', 'forbidden', 'forbidden', 'allowed'] as const)
  const weight = draw.int(0, 200)
  const step = draw.pick([900, 900, 1800])
  // Each service of the location with even odds; never none, so every member is bookable.
  const chosen = world.serviceIds.filter(() => draw.chance(0.5))
  const fallback = draw.pick(world.serviceIds)
  const serviceIds = chosen.length > 0 ? chosen : [fallback]
  const scheduleTill = dayOf(YEAR_START + draw.int(60, 364) * DAY, world.tz)
  return {
    id,
    name,
    company_id: world.locationId,
    specialization: member.specialization,
    information,
    api_id: null,
    fired: 0,
    is_fired: false,
    dismissal_date: null,
    dismissal_reason: null,
    hidden,
    is_online: hidden === 0,
    status: deleted ? 1 : 0,
    is_deleted: deleted,
    user_id: member.userId,
    rating: member.rating,
    prepaid,
    is_chain: false,
    weight,
    is_rating_shown: true,
    is_online_random_choice_allowed: true,
    seance_step: 0,
    seance_search_step: step,
    seance_search_start: 0,
    seance_search_finish: 86_400,
    is_timetable_off: false,
    is_fullness_accounting: true,
    google_clients: false,
    timetable_markup_divider_interval: null,
    avatar: member.avatar,
    avatar_big: member.avatarBig,
    position: {
      id: member.position.id,
      // Positions belong to the chain, as the location's main_group_id.
      chain_id: world.chainId,
      title: member.position.title,
      description: '',
      services_binding_type: 0,
      rules_required_fields: [],
      only_chain_appointment: false,
    },
    user: {
      id: member.userId,
      name,
      phone: member.phone,
      email: member.email,
      avatar: member.avatar,
      is_approved: true,
    },
    is_bookable: true,
    services_links: serviceIds.map((serviceId) => ({
      service_id: serviceId,
      master_id: id,
      length: world.service(serviceId).duration,
      technological_card_id: 0,
      api_id: '',
      is_online: true,
      is_offline_records_allowed: true,
      price: null,
    })),
    schedule_till: scheduleTill,
    employee: null,
    chain: null,
    grid_settings: gridSettings(step),
    domain: null,
    google_link: '',
    is_paid_staff: true,
    is_included_in_payment_policy: true,
  }
}
