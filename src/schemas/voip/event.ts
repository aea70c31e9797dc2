import { WebhookUrl } from '../hooks-settings/settings.js'
import { rule, type Static, StringEnum, Type } from '../typebox.js'
import { CALL_STATUSES, CALL_TYPES } from './calls.js'
import { CrmToken, PhoneText } from './integration.js'

export const COMMANDS = ['setup', 'event', 'history'] as const
export type Command = (typeof COMMANDS)[number]
export const SETUP_TYPES = ['enable', 'disable'] as const

/** The types each command takes (voip contract, section 2). */
export const TYPES_OF: Record<Command, readonly string[]> = {
  setup: SETUP_TYPES,
  event: CALL_TYPES,
  history: CALL_TYPES,
}

/** The fields the sources name; others are accepted and warned about. */
export const EVENT_FIELDS = new Set([
  'crm_token',
  'command',
  'type',
  'phone',
  'user',
  'diversion',
  'duration',
  'link',
  'call_id',
  'status',
  'date',
])

/**
 * POST /voip/integration: one body for the four operations, told apart by
 * `command` and `type`; which fields each needs is checked by the route.
 */
export const VoipEventBody = Type.Object({
  crm_token: CrmToken,
  command: StringEnum(COMMANDS, {
    description: 'setup, event (the pop-up) or history (the call is saved).',
    ...rule(`must be one of ${COMMANDS.join(', ')}`),
  }),
  type: Type.String({
    description: 'setup: enable|disable; event and history: incoming|outgoing|internal.',
    ...rule('must be enable or disable (setup), or incoming, outgoing or internal'),
  }),
  phone: Type.Optional(PhoneText("The caller's number.", 'a phone number')),
  diversion: Type.Optional(PhoneText('The number the call came through.', 'a phone number')),
  user: Type.Optional(PhoneText('The SIP user.', 'a SIP id')),
  duration: Type.Optional(
    Type.Number({
      minimum: 0,
      maximum: 10_000_000,
      description: 'Seconds.',
      ...rule('must be a number of seconds from 0'),
    }),
  ),
  link: Type.Optional(
    Type.String({
      format: WebhookUrl.format,
      maxLength: WebhookUrl.maxLength,
      description: 'The recording.',
      ...rule('must be an absolute http:// or https:// URL of at most 2048 characters'),
    }),
  ),
  call_id: Type.Optional(
    Type.String({
      maxLength: 256,
      description: "The call's id at the telephony.",
      ...rule('must be a text of at most 256 characters'),
    }),
  ),
  status: Type.Optional(
    StringEnum(CALL_STATUSES, {
      description: 'success or missed.',
      ...rule(`must be one of ${CALL_STATUSES.join(', ')}`),
    }),
  ),
  date: Type.Optional(
    Type.String({
      maxLength: 64,
      description: 'When the call was (ISO 8601), e.g. 2018-03-20T12:00:28+00:00.',
      ...rule('must be an ISO 8601 date-time with its offset, e.g. "2018-03-20T12:00:28+00:00"'),
    }),
  ),
})
export type VoipEventBody = Static<typeof VoipEventBody>

/** The 202 of every operation, byte for byte (voip contract, section 1). */
export const AcceptedAnswer = Type.Object({
  success: Type.Literal(true),
  data: Type.Null(),
  meta: Type.Object({ message: Type.Literal('Accepted') }),
})
export const ACCEPTED = {
  success: true as const,
  data: null,
  meta: { message: 'Accepted' as const },
}
