import { rule, StringEnum, Type } from '../typebox.js'
import { WIRE_TIME_FORMAT } from '../wire-time.js'

// The values a marketplace route takes and the data file keeps, one schema
// each: what a route accepts, the start-up check of the file accepts too.

/** "YYYY-MM-DD HH:MM:SS", a real time, as the routes take and write times (UTC in the mock). */
export const WireTime = (description: string) =>
  Type.String({
    pattern: '^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}$',
    format: WIRE_TIME_FORMAT,
    description,
    ...rule('must be a real UTC time as "YYYY-MM-DD HH:MM:SS", e.g. "2026-01-01 10:10:00"'),
  })

/** An amount of money: a finite number from 0 (the validator refuses Infinity). */
export const Amount = (description: string) =>
  Type.Number({ minimum: 0, description, ...rule('must be a number from 0') })

export const CurrencyIso = (description: string) =>
  Type.String({
    pattern: '^[A-Z]{3}$',
    description,
    ...rule('must be an ISO currency code of three capital letters, e.g. "EUR"'),
  })

export const Percent = (description: string) =>
  Type.Number({ minimum: 0, maximum: 100, description, ...rule('must be a number from 0 to 100') })

/** The notification channels an installation may offer (marketplace contract, section 11). */
export const CHANNEL_SLUGS = ['sms', 'whatsapp'] as const
export type ChannelSlug = (typeof CHANNEL_SLUGS)[number]

export const ChannelSlug = (description: string) =>
  StringEnum(CHANNEL_SLUGS, { description, ...rule(`must be one of ${CHANNEL_SLUGS.join(', ')}`) })

export const Channels = (description: string) =>
  Type.Array(ChannelSlug('A channel.'), {
    uniqueItems: true,
    maxItems: CHANNEL_SLUGS.length,
    description,
    ...rule(
      `must be a list of distinct channels from ${CHANNEL_SLUGS.join(', ')}, e.g. ["whatsapp"]`,
    ),
  })
