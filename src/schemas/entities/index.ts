import type { Resource } from '../event.js'
import { type TSchema, Type } from '../typebox.js'
import { RecordEntity } from './record.js'

/** The schema of each resource's `data`, in the order the docs list them. */
export const ENTITY_SCHEMAS: Partial<Record<Resource, TSchema>> = {
  record: RecordEntity,
  schedule: Type.Array(Type.Unknown(), {
    maxItems: 0,
    description:
      'Always [] (HUB; the Altegio webhook schema ScheduleEvent: "data is always an empty array"); resource_id is the team member, status always update.',
  }),
}
