// The one place the project imports TypeBox from, so a future move to another
// TypeBox line (e.g. the `typebox` 1.x package) touches a single file.
export { type Static, type TOptional, type TSchema, Type } from '@sinclair/typebox'
export { TypeCompiler } from '@sinclair/typebox/compiler'
