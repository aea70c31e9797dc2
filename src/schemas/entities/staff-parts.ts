import { StringEnum, Type } from '../typebox.js'
import { about, EmptyList, Exact } from './annotate.js'

const int = (sources: string, note: string, example: number) =>
  Type.Integer(about(sources, note, example))
const text = (sources: string, note: string, example: string) =>
  Type.String(about(sources, note, example))
const bool = (sources: string, note: string, example: boolean) =>
  Type.Boolean(about(sources, note, example))

export const StaffPosition = Exact(
  {
    id: int('MK AW AG', 'Position id.', 8817),
    chain_id: int('MK', 'The chain the position belongs to (main_group_id of the location).', 9206),
    title: text('MK AW AG', 'Position title.', 'Senior Stylist'),
    description: text('MK', '"" when empty.', ''),
    services_binding_type: int('MK', '0 in every sample.', 0),
    rules_required_fields: EmptyList('[] in every sample.', 'MK'),
    only_chain_appointment: bool('MK', 'Boolean.', false),
  },
  about('PR MK AW AG', 'The position, when one is set; key order as MK.'),
)

export const StaffUser = Exact(
  {
    id: int('MK AW', 'Equals user_id.', 12452348),
    name: text('MK AW', 'The user account name.', 'Anna Lewis'),
    phone: text('MK AW', 'With "+".', '+13155550175'),
    email: text('MK AW', 'Account email.', 'anna.lewis@example.com'),
    avatar: text('MK AW', 'Avatar URL.', 'https://app.alteg.io/images/no-master-sm.png'),
    is_approved: bool('MK', 'Not in AW; PR (2023) showed 3 keys, MK (2024) 6.', true),
  },
  about('PR MK AW', 'The linked user account.'),
)

export const StaffServiceLink = Exact(
  {
    service_id: int('MK', 'A service of the location.', 10471296),
    master_id: int('MK', 'Equals the team member id.', 2940951),
    length: int('MK', 'Seconds: the service duration for this team member.', 3600),
    technological_card_id: int('MK', '0 when none.', 0),
    api_id: text('MK', '"" when none.', ''),
    is_online: bool('MK', 'Bookable online.', true),
    is_offline_records_allowed: bool('MK', 'Bookable by staff.', true),
    price: Type.Union(
      [
        Type.Integer(),
        Exact(
          {
            min: int('MK', 'Lowest price (later MK version).', 1500),
            max: int('MK', 'Highest price (later MK version).', 2500),
          },
          about('MK', 'A price range (later MK version).'),
        ),
        Type.Null(),
      ],
      about('MK', 'MK: int|null; its later version: {min, max}|null. The mock sends null.', null),
    ),
  },
  about('PR MK', 'One service the team member performs (PR had 20).'),
)

export const StaffEmployee = Exact(
  {
    id: int('MK', 'HR card id.', 501234),
    phone: text('MK', 'Phone.', '+13155550175'),
    name: text('MK', 'Full name.', 'Anna Lewis'),
    firstname: text('MK', 'First name.', 'Anna'),
    surname: text('MK', 'Surname.', 'Lewis'),
    patronymic: text('MK', 'Patronymic.', ''),
    date_admission: text('MK', 'Format not observed.', ''),
    date_registration_end: text('MK', 'Format not observed.', ''),
    citizenship: text('MK', 'Citizenship.', ''),
    sex: text('MK', 'A string in MK.', ''),
    gender: int('MK', 'Integer.', 0),
    passport_data: text('MK', 'Personal data.', ''),
    personal_tax_reference_number: text('MK', 'Personal data.', ''),
    number_insurance_certificates: text('MK', 'Personal data.', ''),
  },
  about('MK', 'HR card; null in PR, and the mock sends null (personal data).'),
)

export const StaffChain = Exact(
  {
    id: int('MK', 'Chain id.', 9206),
    title: text('MK', 'Chain title.', 'La Visage chain'),
  },
  about('PR MK', 'The chain of a chain-level team member (is_chain); null in PR.'),
)

const GridSetting = Exact(
  {
    grid_first_timeslot: int('MK', 'Seconds from midnight.', 0),
    grid_last_timeslot: int('MK', 'Seconds from midnight.', 86400),
    grid_display_step: int('MK', 'Seconds.', 900),
    grid_nearest_timeslot_delay: int('MK', 'Seconds.', 0),
    grid_base_type: StringEnum(
      ['predefined', 'schedule', 'timeslots'],
      about('MK AT', 'Enum from AT.', 'schedule'),
    ),
    is_grid_flexible: bool('MK', 'Boolean.', false),
  },
  about('MK AT', 'How the booking grid of that weekday is built.'),
)

const WeekdaySetting = Exact(
  {
    weekday: int('MK PR', '1 Monday .. 7 Sunday.', 1),
    timeslots: Type.Array(
      Type.Integer(),
      about('MK', 'Seconds from midnight; [] unless grid_base_type is timeslots.', []),
    ),
    setting: GridSetting,
  },
  about('MK PR', 'One weekday.'),
)

export const StaffGridSettings = Exact(
  {
    is_enabled: bool('MK', 'In MK (2024), not in PR (2023).', false),
    weekdays_settings: Type.Array(WeekdaySetting, {
      minItems: 7,
      maxItems: 7,
      ...about('PR MK', 'Seven entries, Monday first.'),
    }),
    dates_settings: EmptyList('[] in PR.', 'PR MK'),
  },
  about('PR MK', 'Online booking grid settings.'),
)
