// How the emulated routes describe themselves in the OpenAPI documents: every
// section's routes and the docs page name the same schemes and media types.

/** The media types the real API answers; Prism and code generators need them listed. */
export const ALTEGIO_MEDIA_TYPES = [
  'application/json',
  'application/vnd.api.v2+json',
  'application/vnd.yclients.v2+json',
]

/** The scheme of hooks_settings (contract section 3) and the marketplace grant. */
export const PARTNER_USER = 'BearerPartnerUser'
/** The scheme of the partner-only marketplace routes: `Bearer <partner token>`. */
export const PARTNER_ONLY = 'BearerPartner'
