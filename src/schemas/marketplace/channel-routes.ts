import { rule, type Static, Type } from '../typebox.js'
import { App, EmptyObject, Nothing, Salon } from './route-parts.js'
import { ChannelSlug } from './values.js'

// SMS sender names and notification channels (marketplace contract, section 11).

/** Bounds of a location's sender names: the Hub MCP's 20, and the mock's length of one. */
export const MAX_SHORT_NAMES = 20
export const MAX_SHORT_NAME_LENGTH = 255

/** One SMS sender name; the platform's naming rules are checked by the route, one message each. */
export const ShortName = Type.String({
  minLength: 1,
  maxLength: MAX_SHORT_NAME_LENGTH,
  description: 'A sender name: no Cyrillic letters, not containing "altegio", not "ag".',
  ...rule(`must be a name of 1 to ${MAX_SHORT_NAME_LENGTH} characters, e.g. "SalonSMS"`),
})

/** POST /marketplace/partner/short_names: every sender name the location may choose from. */
export const ShortNamesBody = Type.Object(
  {
    salon_id: Salon,
    application_id: App,
    short_names: Type.Array(ShortName, {
      minItems: 1,
      maxItems: MAX_SHORT_NAMES,
      description: `Every SMS sender name available to the location, 1 to ${MAX_SHORT_NAMES}: they replace the list sent before.`,
      ...rule(
        `must be a list of 1 to ${MAX_SHORT_NAMES} sender names, e.g. ["SalonSMS", "Beauty"]`,
      ),
    }),
  },
  { ...rule('must be {"salon_id", "application_id", "short_names": [...]}') },
)
export type ShortNamesBody = Static<typeof ShortNamesBody>

/** POST /marketplace/application/update_channel: a channel offered, or not. */
export const UpdateChannelBody = Type.Object(
  {
    salon_id: Salon,
    application_id: App,
    channel_slug: ChannelSlug('The channel: sms or whatsapp.'),
    is_available: Type.Boolean({
      description: 'true: the location may send through it; false: it may not.',
      ...rule('must be true or false'),
    }),
  },
  {
    ...rule(
      'must be {"salon_id", "application_id", "channel_slug": "sms" | "whatsapp", "is_available"}',
    ),
  },
)
export type UpdateChannelBody = Static<typeof UpdateChannelBody>

/** 201 of short_names: the envelope, empty (the page shows no body: the mock's). */
export const ShortNamesAnswer = Nothing("Always null: the page documents no body (the mock's).")

/** 200 of update_channel: `data` is `{}`, as the documented sample. */
export const UpdateChannelAnswer = EmptyObject('Always {}, as the documented sample.')

/** 200 of the redirect callback: the envelope, empty (its page shows only `success`). */
export const RedirectCallbackAnswer = Nothing(
  "Always null: the page documents only success: true (the mock's envelope).",
)
