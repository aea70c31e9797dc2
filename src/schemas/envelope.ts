import { type TSchema, Type } from './typebox.js'

/** API format v2: every answer has success, data and meta (contract section 1). */
export const SuccessEnvelope = <T extends TSchema>(data: T) =>
  Type.Object({
    success: Type.Literal(true),
    data,
    meta: Type.Array(Type.Unknown(), { maxItems: 0, description: 'Always [] on success.' }),
  })
