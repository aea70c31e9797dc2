import { Id, IdString, Type } from '../typebox.js'
import { Percent, WireTime } from './values.js'

// What the marketplace routes' schemas share: ids, times, percents, params,
// and the pieces of their answers.

export const Time = WireTime
export { Percent }
export const Salon = Id('Location id.', 'the location id')
export const App = Id('Application id.', 'the application id')

/** A positive id in a query string, as text. */
export const QueryId = IdString

export const AppParams = Type.Object({
  application_id: IdString('The application id.', '/application/7', 'the application id'),
})
export const LinkParams = Type.Object({
  location_id: IdString('The location id.', '/salon/123/application/7'),
  application_id: IdString('The application id.', '/salon/123/application/7', 'the application id'),
})

/** An id in an answer. */
export const AnswerId = (description: string) => Type.Integer({ minimum: 1, description })
export const Nothing = (description: string) => Type.Null({ description })
/** `{}`, exactly. */
export const EmptyObject = (description: string) =>
  Type.Object({}, { additionalProperties: false, description })
