import { type TSchema, Type } from './typebox.js'

/** API format v2: every answer has success, data and meta (contract section 1). */
export const SuccessEnvelope = <T extends TSchema>(data: T) =>
  Type.Object({
    success: Type.Literal(true),
    data,
    meta: Type.Array(Type.Unknown(), { maxItems: 0, description: 'Always [] on success.' }),
  })

export const ErrorMeta = Type.Object({
  message: Type.String({ description: 'What went wrong.' }),
  errors: Type.Optional(
    Type.Record(Type.String(), Type.Array(Type.String()), {
      description: 'Validation failures, keyed by field.',
    }),
  ),
})

export const ErrorEnvelope = Type.Object({
  success: Type.Literal(false),
  data: Type.Null(),
  meta: ErrorMeta,
})
