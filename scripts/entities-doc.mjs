// npm run docs:entities: writes docs/webhook-entities.md from the entity schemas
// (src/schemas/entities/), which carry each field's sources and notes.
import { writeFile } from 'node:fs/promises'
import { webhookEntitiesDoc } from '../dist/schemas/entities/docs.js'
import { ENTITY_SCHEMAS } from '../dist/schemas/entities/index.js'

await writeFile(
  new URL('../docs/webhook-entities.md', import.meta.url),
  webhookEntitiesDoc(ENTITY_SCHEMAS),
)
