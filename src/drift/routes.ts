import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { MockControl } from '../control/mock-control.js'
import { validationFailed } from '../http/errors.js'
import { DriftSummary, WebhookCapture, WebhookComparison } from '../schemas/drift.js'
import { ok, SuccessEnvelope } from '../schemas/envelope.js'
import { answers } from '../schemas/responses.js'
import { Type } from '../schemas/typebox.js'
import { webhookProblem } from './capture.js'

/** The drift report (docs/drift.md): read it, clear it, add a captured webhook to it. */
export const driftRoutes: FastifyPluginAsyncTypebox<{ control: MockControl }> = async (
  app,
  { control },
) => {
  app.get(
    '/drift',
    {
      schema: {
        summary: 'How the upstream (--upstream) and captured webhooks differ from the mock',
        response: answers(200, SuccessEnvelope(DriftSummary)),
      },
    },
    async () => ok(control.drift.summary()),
  )

  app.delete(
    '/drift',
    {
      schema: {
        summary: 'Forget the drift report',
        response: answers(200, SuccessEnvelope(Type.Object({ cleared: Type.Literal(true) }))),
      },
    },
    async () => {
      control.drift.reset()
      return ok({ cleared: true as const })
    },
  )

  app.post(
    '/drift/webhooks',
    {
      schema: {
        summary:
          'Compare a webhook body as the platform sent it with what the mock sends for that resource',
        body: WebhookCapture,
        response: answers(200, SuccessEnvelope(WebhookComparison)),
      },
    },
    async (request) => {
      const problem = webhookProblem(request.body)
      if (problem) throw validationFailed({ body: [`The body ${problem}.`] })
      return ok(control.compareWebhook(request.body))
    },
  )
}
