import { type TProperties, type TSchema, Type } from '../typebox.js'

/** Field annotation: the sources (short names of the entity's citations) that show the field. */
export const SOURCES = 'x-sources'
/** Entity annotation: short name -> citation, and notes on disagreements and delete events. */
export const CITATIONS = 'x-citations'
export const NOTES = 'x-notes'

/**
 * What docs/webhook-entities.md says of a field: which sources show it, what
 * it is, and an example as the platform writes it.
 */
export const about = (sources: string, description: string, example?: unknown) => ({
  description,
  [SOURCES]: sources,
  ...(example === undefined ? {} : { examples: [example] }),
})

/** A nested object: exactly these fields, each required. */
export const Exact = <P extends TProperties>(properties: P, options: Record<string, unknown>) =>
  Type.Object(properties, { additionalProperties: false, ...options })

export interface EntityDocs {
  /** What the entity is and where its shape comes from, in a sentence or two. */
  description: string
  citations: Record<string, string>
  /** Disagreements between sources, what a delete event carries, and what is inferred. */
  notes: string[]
}

/** A webhook entity: exactly these fields, with its sources and notes for the docs. */
export const Entity = <P extends TProperties>(properties: P, docs: EntityDocs) =>
  Type.Object(properties, {
    additionalProperties: false,
    description: docs.description,
    [CITATIONS]: docs.citations,
    [NOTES]: docs.notes,
  })

/** `[]` where the platform's PHP writes an empty map or list. */
export const EmptyList = (description: string, sources: string) =>
  Type.Array(Type.Unknown(), { maxItems: 0, ...about(sources, description, []) })

export const Nullable = <S extends TSchema>(schema: S) =>
  Type.Union([schema, Type.Null()], {
    description: schema.description,
    [SOURCES]: (schema as Record<string, unknown>)[SOURCES],
    ...(schema.examples ? { examples: schema.examples } : {}),
  })
