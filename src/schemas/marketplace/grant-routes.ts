import { Id, rule, type Static, Type } from '../typebox.js'
import { AnswerId } from './route-parts.js'

// The owner's grant on api.alteg.io (marketplace contract, section 1).

/**
 * The owner as user_data carries them: every key given, in the order given
 * (production sends more keys than the support article shows: marketplace
 * contract, section 1). The keys both sources name keep their rules.
 */
export const GrantUser = Type.Object(
  {
    id: Type.Optional(Id("The owner user id (production's key).", 'the user id')),
    user_id: Type.Optional(Id("The owner user id (the support article's key).", 'the user id')),
    name: Type.Optional(
      Type.String({ maxLength: 255, ...rule('must be a text of at most 255 characters') }),
    ),
    email: Type.Optional(
      Type.String({ maxLength: 255, ...rule('must be a text of at most 255 characters') }),
    ),
    phone: Type.Optional(
      Type.String({
        pattern: '^[0-9]{0,20}$',
        ...rule('must be digits without "+", e.g. "79990009900"'),
      }),
    ),
    salon_name: Type.Optional(
      Type.String({ maxLength: 255, ...rule('must be a text of at most 255 characters') }),
    ),
  },
  {
    additionalProperties: true,
    maxProperties: 50,
    ...rule(
      'must be an object such as {"id", "name", "phone", "email", "is_approved", "avatar", "salon_name"} (at most 50 keys)',
    ),
  },
)
// Every other key is taken too: the schema leaves them open.
export type GrantUser = Static<typeof GrantUser> & Record<string, unknown>

/** `data` of the owner's grant (grant_access): unpublished, the mock's (marketplace contract, section 1). */
export const GrantAccessData = Type.Object(
  {
    salon_id: AnswerId('The location granted.'),
    application_id: AnswerId('The application granted.'),
    status: Type.Literal('pending', {
      description: 'Always pending: the partner callback activates it within 12 hours.',
    }),
    redirect_url: Type.Union([Type.String({ format: 'uri' }), Type.Null()], {
      description:
        "The application's registration page with salon_id (and user_data, user_data_sign when it asks for personal data), where the owner's browser goes next; null when the application has no registration_redirect_url.",
    }),
  },
  {
    description: "The pending installation and the registration URL (the body is the mock's: U6).",
  },
)
