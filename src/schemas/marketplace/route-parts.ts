import { POSITIVE_ID } from '../ids.js'
import { Id, IdString, rule, Type } from '../typebox.js'
import { WireTime } from './installation.js'

// What the marketplace routes' schemas share: ids, times, percents, params,
// and the pieces of their answers.

export const Time = (description: string) =>
  Type.String({
    pattern: WireTime.pattern,
    description,
    ...rule('must be a time as "YYYY-MM-DD HH:MM:SS", e.g. "2026-01-01 10:10:00"'),
  })
export const Percent = (description: string) =>
  Type.Number({ minimum: 0, maximum: 100, description, ...rule('must be a number from 0 to 100') })
export const Salon = Id('Location id.', 'the location id')
export const App = Id('Application id.', 'the application id')

/** A positive id in a query string, as text. */
export const QueryId = (description: string, example: string) =>
  Type.String({
    pattern: POSITIVE_ID.source,
    description,
    ...rule(`must be a positive integer, e.g. ${example}`),
  })

export const AppParams = Type.Object({
  application_id: IdString('The application id.', '/application/7'),
})
export const LinkParams = Type.Object({
  location_id: IdString('The location id.', '/salon/123/application/7'),
  application_id: IdString('The application id.', '/salon/123/application/7'),
})

/** An id in an answer. */
export const AnswerId = (description: string) => Type.Integer({ minimum: 1, description })
export const Nothing = (description: string) => Type.Null({ description })
/** `{}`, exactly. */
export const EmptyObject = (description: string) =>
  Type.Object({}, { additionalProperties: false, description })
