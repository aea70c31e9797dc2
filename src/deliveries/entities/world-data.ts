// The names, places and titles generated entities draw from.

/**
 * Where a location is: its offset, zone, country, city and money, as GET
 * /countries and /cities list them (test/dictionaries.test.ts checks they agree).
 * `mobile` is how its phone numbers start: "+", the calling code and the
 * leading digits of libphonenumber-js's example mobile number, which
 * test/dictionaries.test.ts checks (the metadata cost the start-up more than
 * these four strings, docs/performance.md#start-up).
 */
export const PLACES = [
  {
    tz: 2,
    zone: 'Europe/Nicosia',
    country: 'Cyprus',
    countryId: 55,
    city: 'Limassol',
    cityId: 1422,
    currency: '€',
    iso: 'CY',
    mobile: '+35796',
  },
  {
    tz: 3,
    zone: 'Europe/Istanbul',
    country: 'Türkiye',
    countryId: 90,
    city: 'Istanbul',
    cityId: 2101,
    currency: '₺',
    iso: 'TR',
    mobile: '+905012',
  },
  {
    tz: 4,
    zone: 'Asia/Dubai',
    country: 'United Arab Emirates',
    countryId: 971,
    city: 'Dubai',
    cityId: 3015,
    currency: 'AED',
    iso: 'AE',
    mobile: '+971501',
  },
  {
    tz: 5,
    zone: 'Asia/Almaty',
    country: 'Kazakhstan',
    countryId: 1398,
    city: 'Almaty',
    cityId: 417,
    currency: '₸',
    iso: 'KZ',
    mobile: '+77710',
  },
] as const
export type Place = (typeof PLACES)[number]

export const FIRST = [
  'Anna',
  'Maria',
  'Elena',
  'Olivia',
  'Sofia',
  'Daria',
  'Alex',
  'Ivan',
  'Nikolai',
  'Emma',
  'Lucas',
  'Mia',
]
export const LAST = [
  'Lewis',
  'Petrova',
  'Smith',
  'Novak',
  'Horvat',
  'Demir',
  'Kaya',
  'Brown',
  'Garcia',
  'Ivanova',
]
export const SPECIALIZATIONS = [
  'Hair Stylist',
  'Barber',
  'Nail Artist',
  'Massage Therapist',
  'Cosmetologist',
  'Brow Artist',
]
export const SERVICES = [
  'Haircut',
  'Beard trim',
  'Manicure',
  'Pedicure',
  'Colouring',
  'Massage 60 min',
  'Facial',
  'Brow shaping',
]
export const CATEGORIES = ['Hair', 'Nails', 'Body', 'Face']
export const GOODS = [
  'Shampoo 250 ml',
  'Hair mask',
  'Nail polish',
  'Hand cream',
  'Face serum',
  'Styling wax 75 ml',
]
export const STORAGES = ['Main storage', 'Salon floor']
export const SALONS = ['Bloom', 'Velvet', 'Aurora', 'Luna', 'Orchid']
