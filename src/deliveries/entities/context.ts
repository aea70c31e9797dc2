import type { EventStatus } from '../../schemas/event.js'
import type { Draw } from './draw.js'
import type { LocationWorld } from './world.js'

/** What a builder has to make one entity: its location, its id, the event's status, its draws. */
export interface EntityContext {
  world: LocationWorld
  id: number
  status: EventStatus
  /** Seeded by the entity's own identity: the same id, the same values, in every event. */
  draw: Draw
}

/**
 * When an entity was made, and last changed as of this event: a create is
 * its first state, an update a later one, a delete the latest.
 */
export function changeTimes(draw: Draw, createdAt: number, status: EventStatus) {
  const later = (hours: number) => createdAt + hours * 3_600_000 + draw.int(0, 3599) * 1000
  const updated = later(draw.int(1, 72))
  const deleted = later(draw.int(73, 240))
  return {
    createdAt,
    changedAt: status === 'create' ? createdAt : status === 'update' ? updated : deleted,
  }
}
