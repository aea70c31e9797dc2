import { type TSchema, Type } from './typebox.js'

/** API format v2: every answer has success, data and meta (contract section 1). */
export const SuccessEnvelope = <T extends TSchema>(data: T) =>
  Type.Object({
    success: Type.Literal(true),
    data,
    meta: Type.Array(Type.Unknown(), { maxItems: 0, description: 'Always [] on success.' }),
  })

/** A success whose meta says something: a list's count, where a page is. */
export const MetaEnvelope = <T extends TSchema, M extends TSchema>(data: T, meta: M) =>
  Type.Object({ success: Type.Literal(true), data, meta })

/** Errors: `{"success": false, "data": null, "meta": {"message", "errors"?}}` (contract section 3). */
export const ErrorEnvelope = Type.Object(
  {
    success: Type.Literal(false),
    data: Type.Null(),
    meta: Type.Object({
      message: Type.String({ description: 'What was wrong, and what to send instead.' }),
      errors: Type.Optional(
        Type.Record(Type.String(), Type.Array(Type.String()), {
          description: 'By field: what is wrong with it and what to send (422).',
        }),
      ),
    }),
  },
  { description: 'The Altegio error envelope.' },
)

/** A success answer with nothing in meta. */
export const ok = <T>(data: T) => ({ success: true as const, data, meta: [] as unknown[] })
