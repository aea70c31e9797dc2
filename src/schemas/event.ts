import type { FlagName } from './hooks-settings/flags.js'
import { Id, rule, type Static, StringEnum, Type } from './typebox.js'

/**
 * The resource each flag switches on, as it arrives in a webhook (contract
 * section 4): salon -> company (HUB; DT says salon), master -> staff.
 */
export const RESOURCE_FLAGS = {
  company: 'salon',
  service_category: 'service_category',
  service: 'service',
  good: 'good',
  staff: 'master',
  client: 'client',
  record: 'record',
  goods_operations_sale: 'goods_operations_sale',
  goods_operations_receipt: 'goods_operations_receipt',
  goods_operations_consumable: 'goods_operations_consumable',
  goods_operations_stolen: 'goods_operations_stolen',
  goods_operations_move: 'goods_operations_move',
  finances_operation: 'finances_operation',
  loyalty_card: 'loyalty_card',
  schedule: 'schedule',
} as const satisfies Record<string, Exclude<FlagName, 'self_sending'>>

export type Resource = keyof typeof RESOURCE_FLAGS
export const RESOURCES = Object.keys(RESOURCE_FLAGS) as Resource[]
/** Flag names accepted as resource names too: "salon" means "company", "master" means "staff". */
export const RESOURCE_ALIASES = { salon: 'company', master: 'staff' } as const satisfies Record<
  string,
  Resource
>

/** A resource as a caller may name it: the webhook's name, or the flag's. */
export type ResourceInput = Resource | keyof typeof RESOURCE_ALIASES
export const toResource = (name: ResourceInput): Resource =>
  name === 'salon' || name === 'master' ? RESOURCE_ALIASES[name] : name

export const EVENT_STATUSES = ['create', 'update', 'delete'] as const
export type EventStatus = (typeof EVENT_STATUSES)[number]

/** A resource as webhooks name it. */
export const ResourceSchema = StringEnum(RESOURCES, {
  description: 'What changed, as the webhook names it.',
})

/** A resource as a caller may name it: the webhook's name or the flag's. */
export const ResourceName = StringEnum(
  [...RESOURCES, ...(Object.keys(RESOURCE_ALIASES) as (keyof typeof RESOURCE_ALIASES)[])],
  {
    description: 'What changed, as the webhook names it (record, client, staff, company, ...).',
    ...rule(`must be one of ${RESOURCES.join(', ')} (or the flag names salon, master)`),
  },
)

export const EventStatusSchema = StringEnum(EVENT_STATUSES, {
  description: 'create, update or delete.',
  ...rule('must be "create", "update" or "delete"'),
})

/** One event to deliver, as a test triggers it. */
export const TriggerEvent = Type.Object(
  {
    resource: ResourceName,
    status: Type.Optional(EventStatusSchema),
    resource_id: Id(
      'Id of the entity that changed (for schedule: the team member).',
      'the id of the entity that changed',
    ),
    data: Type.Optional(
      Type.Unknown({ description: 'The entity; omitted: a realistic one is generated.' }),
    ),
    self_caused: Type.Optional(
      Type.Boolean({
        description: 'true: the caller itself caused it (not sent while self_sending is 0).',
        ...rule('must be true or false'),
      }),
    ),
  },
  {
    additionalProperties: false,
    ...rule(
      'must be an event such as {"resource": "record", "status": "create", "resource_id": 1}',
    ),
  },
)
export type TriggerEvent = Static<typeof TriggerEvent>

export const TriggerBatch = Type.Object(
  {
    events: Type.Array(TriggerEvent, {
      minItems: 1,
      maxItems: 1000,
      ...rule('must be a list of 1 to 1000 events'),
    }),
  },
  { ...rule('must be {"events": [...]} with 1 to 1000 events') },
)
export type TriggerBatch = Static<typeof TriggerBatch>

/**
 * Events of a marketplace application's lifecycle, POSTed to its callback_url
 * (docs/marketplace-contract.md, section 9); deliveries name them as status
 * with the resource "application".
 */
export const LIFECYCLE_EVENTS = ['uninstall', 'freeze', 'payment'] as const
export type LifecycleEvent = (typeof LIFECYCLE_EVENTS)[number]

/** A delivery's status: an entity's event, or an application's lifecycle callback. */
export type DeliveryStatus = EventStatus | LifecycleEvent

export const DeliveryResourceSchema = StringEnum([...RESOURCES, 'application'], {
  description: 'What changed, as the webhook names it; "application" for lifecycle callbacks.',
})
export const DeliveryStatusSchema = StringEnum([...EVENT_STATUSES, ...LIFECYCLE_EVENTS], {
  description: 'create, update or delete; uninstall, freeze or payment for lifecycle callbacks.',
  ...rule(`must be one of ${[...EVENT_STATUSES, ...LIFECYCLE_EVENTS].join(', ')}`),
})
/** A delivery's resource as a filter names it: the webhook's name, the flag's, or "application". */
export const DeliveryResourceName = StringEnum(
  [
    ...RESOURCES,
    ...(Object.keys(RESOURCE_ALIASES) as (keyof typeof RESOURCE_ALIASES)[]),
    'application',
  ],
  {
    description:
      'What changed (record, client, staff, ...), or "application" for lifecycle callbacks.',
    ...rule(
      `must be one of ${RESOURCES.join(', ')}, application (or the flag names salon, master)`,
    ),
  },
)

/** What the platform POSTs to every URL (contract section 4). */
export const WebhookPayload = Type.Object(
  {
    company_id: Id('The location.'),
    resource: ResourceSchema,
    resource_id: Id('The entity that changed.'),
    status: EventStatusSchema,
    data: Type.Unknown({ description: 'The entity as the REST API returns it ([] for schedule).' }),
  },
  { description: 'The JSON body of a webhook, as the platform POSTs it.' },
)
export type WebhookPayload = Static<typeof WebhookPayload>
