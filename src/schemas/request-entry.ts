import { type Static, Type } from './typebox.js'

/** One request to the emulated Altegio routes, as the request journal keeps it. */
export const RequestEntry = Type.Object(
  {
    id: Type.Integer({ minimum: 1 }),
    time: Type.String({ format: 'date-time', description: 'When the answer was ready.' }),
    method: Type.String({ examples: ['POST'] }),
    path: Type.String({ examples: ['/api/v1/hooks_settings/123'] }),
    location_id: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], {
      description: 'The location the path names, or null when it is not a valid id.',
    }),
    status_code: Type.Union([Type.Integer(), Type.Null()], {
      description: 'The status answered; null when a fault closed the connection or hangs.',
      examples: [201],
    }),
    fault_id: Type.Union([Type.Integer(), Type.Null()], {
      description: 'The fault (/__mock/faults) that decided the answer, or null.',
    }),
    warnings: Type.Array(Type.String(), {
      description: 'The conformance warnings of the answer, whole ("code: message").',
    }),
    body: Type.Unknown({
      description:
        'The parsed JSON body, null without one; a body over --max-journaled-body-bytes is its text cut short, with a marker.',
    }),
    duration_ms: Type.Number({
      description: "From the request's arrival until its answer was ready.",
    }),
  },
  { description: 'A request to the Altegio routes, with what the mock answered and warned.' },
)
export type RequestEntry = Static<typeof RequestEntry>
