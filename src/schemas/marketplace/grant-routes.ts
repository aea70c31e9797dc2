import { Id, rule, type Static, Type } from '../typebox.js'
import { AnswerId } from './route-parts.js'

// The owner's grant on api.alteg.io (marketplace contract, section 1).

/** The owner as user_data carries them (marketplace contract, section 1). */
export const GrantUser = Type.Object(
  {
    user_id: Id('The owner user id.', 'the user id'),
    name: Type.String({ maxLength: 255, ...rule('must be a text of at most 255 characters') }),
    email: Type.String({ maxLength: 255, ...rule('must be a text of at most 255 characters') }),
    phone: Type.String({
      pattern: '^[0-9]{0,20}$',
      ...rule('must be digits without "+", e.g. "79990009900"'),
    }),
  },
  { additionalProperties: false, ...rule('must be {"user_id", "name", "email", "phone"}') },
)
export type GrantUser = Static<typeof GrantUser>

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
