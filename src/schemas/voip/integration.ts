import { Id, rule, type Static, Type } from '../typebox.js'

/**
 * CRM tokens as a test registers them and the data file keeps them: a
 * chain's telephony integration with the owner's routing settings. Sources:
 * docs/voip-contract.md, section 3.
 */

/** Bounds: tokens known, routes per token. */
export const MAX_INTEGRATIONS = 1000
export const MAX_ROUTES = 100

/** A phone number or SIP id as the partner sends it; bounded so stored calls are. */
export const PhoneText = (description: string, what: string) =>
  Type.String({
    minLength: 1,
    maxLength: 64,
    description,
    ...rule(`must be ${what} of 1 to 64 characters`),
  })

export const CrmToken = Type.String({
  minLength: 1,
  maxLength: 255,
  pattern: '^[^\\s,]+$',
  description:
    'The CRM token of Telephony > Integration, e.g. "7cf262d6-1656-43f9-86ac-2826bdc125d2".',
  ...rule('must be a token of 1 to 255 characters without spaces or commas'),
})

/**
 * One routing setting: calls through `diversion`, or for SIP `user`, land at
 * the location (and team member); a route with neither takes any call.
 */
export const VoipRoute = Type.Object(
  {
    diversion: Type.Optional(
      PhoneText('Calls through this number (compared digits only).', 'a phone number'),
    ),
    user: Type.Optional(PhoneText('Calls for this SIP user (wins over diversion).', 'a SIP id')),
    location_id: Id('Where the call lands.', 'the location id'),
    staff_id: Type.Optional(Id('The team member who sees it.', 'the team member id')),
  },
  {
    additionalProperties: false,
    ...rule('must be a route: {"diversion" or "user", "location_id", "staff_id"?}'),
  },
)
export type VoipRoute = Static<typeof VoipRoute>

/** POST /__mock/voip/integrations, a --voip-integrations file's entry, startAltegioMock's. */
export const VoipIntegrationInput = Type.Object(
  {
    crm_token: CrmToken,
    routes: Type.Array(VoipRoute, {
      minItems: 1,
      maxItems: MAX_ROUTES,
      description: "The owner's routing settings, first match wins.",
      ...rule(`must be a list of 1 to ${MAX_ROUTES} routes`),
    }),
    enabled: Type.Optional(
      Type.Boolean({
        description: 'Enabled already (default false: the partner sends setup/enable).',
        ...rule('must be true or false'),
      }),
    ),
  },
  {
    additionalProperties: false,
    ...rule('must be {"crm_token", "routes": [{"diversion", "location_id"}, ...], "enabled"?}'),
  },
)
export type VoipIntegrationInput = Static<typeof VoipIntegrationInput>

/** A CRM token as the store keeps it and /__mock shows it. */
export const StoredVoipIntegration = Type.Object(
  {
    crm_token: CrmToken,
    routes: Type.Array(VoipRoute, { maxItems: MAX_ROUTES }),
    enabled: Type.Boolean({ description: 'setup/enable was sent last (or it was registered so).' }),
    application_id: Type.Union([Id('The telephony application it came with.'), Type.Null()], {
      description: 'The telephony application whose grant made it; null: registered.',
    }),
  },
  { additionalProperties: false },
)
export type StoredVoipIntegration = Static<typeof StoredVoipIntegration>
