import { StringEnum, Type } from '../typebox.js'
import { about, Exact } from './annotate.js'

const text = (sources: string, note: string, example: string) =>
  Type.String(about(sources, note, example))

export const CompanyStorageSettings = Exact(
  {
    allow_overselling: Type.Boolean(about('CM', 'Sell goods below zero stock.', false)),
  },
  about('CM', 'Storage settings; only one TS client model has it.'),
)

const SOCIAL = 'AW LD CM'

export const CompanySocial = Exact(
  {
    facebook: text(SOCIAL, '"" when empty.', ''),
    vk: text(SOCIAL, 'In LD field list, not its example.', ''),
    instagram: text(SOCIAL, 'Without a scheme.', 'instagram.com/lavisage/'),
    telegram: text(SOCIAL, '"" when empty.', ''),
    whatsapp: text(SOCIAL, '"" when empty.', ''),
    viber: text(SOCIAL, '"" when empty.', ''),
  },
  about(SOCIAL, 'Social links; every key always present, "" when empty.'),
)

export const CompanyMainGroup = Exact(
  {
    id: Type.Integer(about('AW LD CM', 'Equals main_group_id.', 9206)),
    title: text('AW LD CM', 'Chain title.', 'La Visage main location chain'),
  },
  about('AW LD CM', 'The main chain of the location.'),
)

export const CompanyBookingWidgetPromo = Exact(
  {
    flocktory_url: text('CM', 'Promo URL.', 'https://example.com/promo'),
  },
  about('LL AW CM', 'Booking widget promo configuration.'),
)

export const CompanyPaymentPolicy = Exact(
  {
    type: StringEnum(
      ['none', 'deposit', 'card_guarantee'],
      about('LD', 'none: disabled; deposit: prepaid deposit; card_guarantee.', 'none'),
    ),
  },
  about('LD', 'The payment policy in force.'),
)
