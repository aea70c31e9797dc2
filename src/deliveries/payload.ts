import type { EventStatus, Resource, TriggerEvent, WebhookPayload } from '../schemas/event.js'
import { entityFor } from './entities/index.js'
import type { ClientFixes } from './entities/world.js'

/** The JSON the platform would POST for an event: its own data, or a generated entity. */
export function payloadJson(
  seed: number,
  locationId: number,
  resource: Resource,
  status: EventStatus,
  event: TriggerEvent,
  clientFixes?: ClientFixes,
): string {
  // Schedule events always carry data [] (contract section 4).
  const data =
    resource === 'schedule'
      ? []
      : (event.data ??
        entityFor(
          seed,
          { locationId, resource, resourceId: event.resource_id, status },
          clientFixes,
        ))
  const payload: WebhookPayload = {
    company_id: locationId,
    resource,
    resource_id: event.resource_id,
    status,
    data,
  }
  return JSON.stringify(payload)
}
