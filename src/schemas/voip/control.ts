import { MetaEnvelope } from '../envelope.js'
import { Id, IdString, rule, type Static, Type } from '../typebox.js'
import { CrmToken, StoredVoipIntegration } from './integration.js'

/** The notifications journal's bounds: count and bytes (voip contract, section 4). */
export const MAX_NOTIFICATIONS = 1000
export const MAX_NOTIFICATION_BYTES = 1024 * 1024

export const NotificationClient = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  phone: Type.String(),
  email: Type.String(),
})

/** The pop-up an event/incoming shows at the routed location (voip contract, section 4). */
export const VoipNotification = Type.Object({
  id: Type.Integer({ minimum: 1, description: 'Increasing while the mock runs.' }),
  location_id: Type.Integer(),
  staff_id: Type.Union([Type.Integer(), Type.Null()], {
    description: "The route's team member, or null.",
  }),
  crm_token: CrmToken,
  phone: Type.String(),
  diversion: Type.String(),
  user: Type.Union([Type.String(), Type.Null()]),
  client: Type.Union([NotificationClient, Type.Null()], {
    description: 'The client the phone matched, digits only; null: none.',
  }),
  created_at: Type.String({ description: "The mock's clock, in the location's UTC offset." }),
})
export type VoipNotification = Static<typeof VoipNotification>

export const NotificationQuery = Type.Object({
  location_id: Type.Optional(
    IdString('Only this location.', '/__mock/voip/notifications?location_id=123'),
  ),
  after_id: Type.Optional(
    Type.String({
      pattern: '^(0|[1-9][0-9]{0,14})$',
      description: 'Only those after this id (the last one seen).',
      ...rule('must be an integer from 0, a notification id'),
    }),
  ),
})

export const NotificationWaitBody = Type.Object(
  {
    location_id: Type.Optional(Id('Only this location.', 'the location id')),
    after_id: Type.Optional(
      Type.Integer({
        minimum: 0,
        description: 'Count only those after this id.',
        ...rule('must be an integer from 0'),
      }),
    ),
    count: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 1000,
        description: 'How many (default 1).',
        ...rule('must be an integer from 1 to 1000'),
      }),
    ),
    timeout_ms: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 600_000,
        description: 'Answer 408 after this long (default 10000).',
        ...rule('must be an integer from 1 to 600000'),
      }),
    ),
  },
  { additionalProperties: false },
)
export type NotificationWaitBody = Static<typeof NotificationWaitBody>

export const NotificationList = MetaEnvelope(
  Type.Array(VoipNotification),
  Type.Object({
    count: Type.Integer(),
    dropped: Type.Integer({ description: 'Notifications the bounds dropped since the start.' }),
  }),
)

export const IntegrationQuery = Type.Object({
  location_id: Type.Optional(
    IdString('Only tokens with a route here.', '/__mock/voip/integrations?location_id=123'),
  ),
})

export const IntegrationList = MetaEnvelope(
  Type.Array(StoredVoipIntegration),
  Type.Object({ count: Type.Integer() }),
)
