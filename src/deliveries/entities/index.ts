import type { EventStatus, Resource } from '../../schemas/event.js'
import type { EntityContext } from './context.js'
import { oldEntityFor } from './old.js'
import { record } from './record.js'
import { worldOf } from './world.js'

type Builder = (context: EntityContext) => unknown

/** How each resource's entity is made; each returns its schema's type (src/schemas/entities/). */
const BUILDERS: Partial<Record<Exclude<Resource, 'schedule'>, Builder>> = {
  record,
}

/**
 * A realistic entity for an event without `data`, as the platform sends it
 * for that resource. Its id is the event's resource_id, its company the
 * location; the rest is drawn from `seed`, the location and the entity's id,
 * so the same seed gives the same entity in every event and every run.
 */
export function entityFor(
  seed: number,
  event: { locationId: number; resource: Resource; resourceId: number; status: EventStatus },
): unknown {
  if (event.resource === 'schedule') return []
  const build = BUILDERS[event.resource]
  if (!build) return oldEntityFor(seed, event)
  const world = worldOf(seed, event.locationId)
  return build({
    world,
    id: event.resourceId,
    status: event.status,
    draw: world.draw(event.resource, event.resourceId),
  })
}
