import { DRIFT_KINDS } from '../drift/kinds.js'
import { StringEnum, Type } from './typebox.js'

const Difference = {
  kind: StringEnum(DRIFT_KINDS, {
    description:
      'status, body (one is not JSON), missing (the platform has the field, the mock not), extra (the mock has it, the platform not), type, format, value.',
  }),
  path: Type.String({
    description: "Where, e.g. data.url_settings[].url; '' for the whole answer.",
  }),
  upstream: Type.String({ description: "The platform's type or format there (never a value)." }),
  mock: Type.String({ description: "The mock's type or format there (never a value)." }),
}

const Headers = Type.Record(Type.String(), Type.String(), {
  description: 'Credentials masked.',
})

export const DriftExample = Type.Object(
  {
    request: Type.Object({
      method: Type.String(),
      path: Type.String(),
      headers: Headers,
      body: Type.Unknown(),
    }),
    upstream: Type.Object({ status: Type.Integer(), headers: Headers, body: Type.Unknown() }),
    mock: Type.Object({ status: Type.Integer(), body: Type.Unknown() }),
  },
  { description: 'The first request that showed the difference, and both answers; tokens masked.' },
)

export const DriftEntry = Type.Object({
  route: Type.String({
    description: 'GET /api/v1/hooks_settings/:location_id, or webhook <resource> for a capture.',
  }),
  ...Difference,
  count: Type.Integer({ description: 'How often it was seen.' }),
  first_seen: Type.String({ format: 'date-time' }),
  last_seen: Type.String({ format: 'date-time' }),
  example: Type.Union([DriftExample, Type.Null()], {
    description: 'null for webhooks: their reports hold paths and types only.',
  }),
})

export const DriftSummary = Type.Object({
  compared: Type.Integer({ description: "Upstream answers compared with the mock's." }),
  drifted: Type.Integer({ description: 'How many of them differed.' }),
  webhooks_compared: Type.Integer({ description: 'Webhook captures compared.' }),
  dropped: Type.Integer({
    description:
      'Differences not kept: the report was full (--max-drift-entries, --max-drift-bytes).',
  }),
  entries: Type.Array(DriftEntry),
})

export const WebhookComparison = Type.Object({
  resource: Type.String(),
  differences: Type.Array(Type.Object(Difference)),
})

/** A webhook body as the platform POSTed it; compared, never kept. */
export const WebhookCapture = Type.Unknown({
  description:
    'A webhook body as the platform sent it: {"company_id", "resource", "resource_id", "status", "data"}.',
})
