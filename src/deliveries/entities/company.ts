import type { CompanyEntity } from '../../schemas/entities/company.js'
import type { EntityContext } from './context.js'
import type { Place } from './world.js'

/** What the world's places lack: the city centre, a postcode and streets. */
const CITY: Record<Place['city'], { lat: number; lon: number; zip: string; streets: string[] }> = {
  Limassol: { lat: 34.6841, lon: 33.0379, zip: '3036', streets: ['Makariou Ave', 'Anexartisias'] },
  Istanbul: { lat: 41.0082, lon: 28.9784, zip: '34000', streets: ['Istiklal Cd.', 'Bagdat Cd.'] },
  Dubai: { lat: 25.2048, lon: 55.2708, zip: '00000', streets: ['Al Wasl Rd', 'Jumeirah St'] },
  Almaty: { lat: 43.2389, lon: 76.8897, zip: '050000', streets: ['Abay Ave', 'Dostyk Ave'] },
}

/** Five decimals, as the docs' coordinates. */
const coordinate = (value: number) => Math.round(value * 100_000) / 100_000

/**
 * A location (GET /company/{location_id}): the world's place, title and
 * chain, so its timezone and currency agree with every other entity of it.
 * A delete is the last state, deactivated.
 */
export function company(context: EntityContext): CompanyEntity {
  const { world, id, status, draw } = context
  const { place, title } = world
  const city = CITY[place.city]
  const slug = title.toLowerCase().replace(/[^a-z0-9]/g, '')
  const phone = world.phone(draw)
  const address = `${place.city}, ${draw.pick(city.streets)} ${draw.int(1, 199)}`
  const lat = coordinate(city.lat + draw.int(-500, 500) / 10_000)
  const lon = coordinate(city.lon + draw.int(-500, 500) / 10_000)
  const instagram = draw.chance(0.7) ? `instagram.com/${slug}/` : ''
  const telegram = draw.chance(0.3) ? `t.me/${slug}` : ''
  const tips = draw.chance(0.3)
  return {
    id,
    title,
    public_title: title,
    short_descr: 'Beauty salon',
    logo: 'https://app.alteg.io/images/no-master.png',
    country_id: place.countryId,
    country: place.country,
    city_id: place.cityId,
    city: place.city,
    active: status === 'delete' ? 0 : 1,
    phone,
    phones: [phone],
    email: `info@${slug}.com`,
    timezone: world.tz,
    timezone_name: place.zone,
    schedule: '',
    address,
    coordinate_lat: lat,
    coordinate_lon: lon,
    app_ios: '',
    app_android: '',
    phone_confirmation: true,
    currency_short_title: place.currency,
    reminds_sms_disabled: false,
    reminds_sms_default: 1,
    group_priority: 900,
    bookform_group_priority: 0,
    description: `<p>Welcome to ${title}</p>`,
    photos: [],
    company_photos: [],
    seance_delay_step: 0,
    show_any_master: true,
    allow_delete_record: true,
    allow_change_record: true,
    allow_change_prepaid_record: false,
    allow_delete_prepaid_record: false,
    prepayment_waiting_duration_ms: 0,
    allow_change_record_delay_step: 0,
    allow_delete_record_delay_step: 0,
    timetable_off: false,
    site: `${slug}.com`,
    zip: city.zip,
    business_group_id: 1,
    business_type_id: 1,
    is_charge_active: false,
    is_charge_optional: false,
    is_abonement_restriction_enabled: false,
    print_bill_on: 0,
    print_bill_type: '',
    record_type_id: 0,
    split_records_by_resources: 0,
    auto_pay_account_id: 0,
    auto_pay_bank_account_id: 0,
    is_admin_app: 0,
    push_notification_phone_confirm: 1,
    switched_to_tariff: true,
    sms_enabled: true,
    is_offline_record_notification_enabled: false,
    activity_record_clients_count_max: 1,
    activity_online_record_clients_count_max: 1,
    is_individual: false,
    is_tips_enabled: tips,
    email_hours_default: 1,
    is_show_privacy_policy: true,
    is_surname_field_enabled: false,
    is_patronymic_field_enabled: false,
    master_name: '',
    is_client_search_by_loyalty_enabled: false,
    is_show_timetable_record_master_resources: false,
    storage_settings: { allow_overselling: false },
    social: { facebook: '', vk: '', instagram, telegram, whatsapp: '', viber: '' },
    main_group_id: world.chainId,
    // The world has no chain title: named after the location, as LD's example is.
    main_group: { id: world.chainId, title: `${title} main location chain` },
    booking_comment_required: false,
    booking_email_required: false,
    booking_comment_hidden: false,
    booking_email_hidden: false,
    booking_surname_required: false,
    booking_patronymic_required: false,
    booking_comment_input_name: '',
    booking_notify_text: '',
    booking_widget_promo: null,
    payment_policy: { type: 'none' },
  }
}
