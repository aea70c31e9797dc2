import { Id, rule, type Static, StringEnum, Type } from './typebox.js'

export const FAULT_KINDS = ['status', 'delay', 'reset', 'hang', 'malformed'] as const
export type FaultKind = (typeof FAULT_KINDS)[number]
export const FAULT_ROUTES = ['hooks_settings', 'marketplace', 'dictionaries', 'any'] as const
export type FaultRoute = (typeof FAULT_ROUTES)[number]
export const FAULT_METHODS = ['GET', 'POST', 'PUT', 'DELETE'] as const

/** A header name: an RFC 9110 token (section 5.1), bounded. */
export const HeaderName = Type.String({
  pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$",
  ...rule(
    "must be 1 to 64 characters of an RFC 9110 token: letters, digits and !#$%&'*+-.^_`|~ (no spaces, colons or other characters)",
  ),
})

/** A header value: printable ASCII, so no CR or LF can start another header. */
export const HeaderValue = Type.String({
  maxLength: 1000,
  pattern: '^[\\x20-\\x7e]*$',
  ...rule(
    'must be printable ASCII of at most 1000 characters (no CR, LF or other control characters)',
  ),
})

/** Headers the HTTP server writes from the body it sends: a fault setting them breaks the answer. */
export const FRAMING_HEADERS = [
  'Transfer-Encoding',
  'Content-Length',
  'Content-Encoding',
  'Connection',
] as const

/** POST /__mock/faults: what to match, how often, and what to do instead of answering. */
export const FaultSpec = Type.Object(
  {
    location_id: Type.Optional(Id('Only requests for this location (default: any).')),
    method: Type.Optional(
      StringEnum(FAULT_METHODS, {
        description: 'Only this method (default: any).',
        ...rule(`must be one of ${FAULT_METHODS.join(', ')}`),
      }),
    ),
    route: Type.Optional(
      StringEnum(FAULT_ROUTES, {
        description:
          'Which emulated routes: hooks_settings (default), marketplace, dictionaries, or any.',
        ...rule(`must be one of ${FAULT_ROUTES.join(', ')}`),
      }),
    ),
    times: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 1_000_000,
        description: 'Fire this many times, then stand by (default: until removed).',
        ...rule('must be an integer from 1 to 1000000'),
      }),
    ),
    probability: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        maximum: 1,
        description: 'Fire on this share of matching requests, drawn from --seed (default 1).',
        ...rule('must be a number above 0 and at most 1, e.g. 0.25'),
      }),
    ),
    kind: Type.Optional(
      StringEnum(FAULT_KINDS, {
        description:
          'status: answer `status`; delay: wait `delay_ms`, then answer as usual; reset: close the connection; hang: never answer; malformed: 200 with a body that is not JSON. Default: status when `status` is given, else delay.',
        ...rule(`must be one of ${FAULT_KINDS.join(', ')}`),
      }),
    ),
    status: Type.Optional(
      Type.Integer({
        minimum: 400,
        maximum: 599,
        description: 'The status to answer, in the Altegio error envelope (e.g. 503, 429).',
        ...rule('must be an HTTP error status from 400 to 599'),
      }),
    ),
    message: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 1000,
        description: "meta.message of the answer (default: the status's own words).",
        ...rule('must be a text of 1 to 1000 characters'),
      }),
    ),
    headers: Type.Optional(
      Type.Record(Type.String(), HeaderValue, {
        // A pattern key alone (patternProperties) let every other name through unchecked.
        propertyNames: HeaderName,
        maxProperties: 20,
        description: `Headers to answer with, e.g. {"Retry-After": "2"}; not ${FRAMING_HEADERS.join(', ')}.`,
        ...rule('must be an object of up to 20 headers: token names, printable ASCII values'),
      }),
    ),
    delay_ms: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 600_000,
        description: 'Wait this long first (alone: then answer as usual).',
        ...rule('must be an integer from 0 to 600000'),
      }),
    ),
  },
  {
    additionalProperties: false,
    description: 'A fault: which requests it matches, how often it fires, and what it does.',
    ...rule(
      'must be a fault such as {"location_id": 123, "method": "POST", "times": 2, "status": 503}',
    ),
  },
)
export type FaultSpec = Static<typeof FaultSpec>

/** A fault as the table keeps and lists it. */
export const Fault = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  location_id: Type.Union([Type.Integer(), Type.Null()]),
  method: Type.Union([Type.String(), Type.Null()]),
  route: StringEnum(FAULT_ROUTES),
  kind: StringEnum(FAULT_KINDS),
  times: Type.Union([Type.Integer(), Type.Null()], { description: 'null: until removed.' }),
  probability: Type.Number(),
  status: Type.Union([Type.Integer(), Type.Null()]),
  message: Type.Union([Type.String(), Type.Null()]),
  headers: Type.Record(Type.String(), Type.String()),
  delay_ms: Type.Integer(),
  fired: Type.Integer({ description: 'How often it fired.' }),
  active: Type.Boolean({ description: 'false once it fired `times` times.' }),
  created_at: Type.String({ format: 'date-time' }),
})
export type Fault = Static<typeof Fault>

export const FaultIdParams = Type.Object({
  id: Type.String({
    pattern: '^[1-9][0-9]{0,9}$',
    ...rule('must be a fault id, a positive integer'),
  }),
})
