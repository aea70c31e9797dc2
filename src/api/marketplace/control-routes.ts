import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { AltegioError, validationFailed } from '../../http/errors.js'
import { toFieldErrors } from '../../http/validation-errors.js'
import { ok, SuccessEnvelope } from '../../schemas/envelope.js'
import { ApplicationInput, type StoredApplication } from '../../schemas/marketplace/application.js'
import {
  ApplicationAnswer,
  ApplicationList,
  ControlGrantData,
  GrantBody,
  InstallationAnswer,
  LifecycleBody,
  LifecycleResultData,
} from '../../schemas/marketplace/control-routes.js'
import { answers } from '../../schemas/responses.js'
import { IdString, Type } from '../../schemas/typebox.js'
import { lazyCheck } from '../../schemas/validator.js'
import { answering, controlError } from './errors.js'
import type { Marketplace } from './marketplace.js'
import { triggerLifecycle } from './trigger.js'

const checkGrant = lazyCheck(GrantBody)
const AppParams = Type.Object({
  application_id: IdString('The application id.', '/__mock/applications/7', 'the application id'),
})
const InstallationParams = Type.Object({
  location_id: IdString('The location id.', '/__mock/locations/123/applications/7'),
  application_id: IdString(
    'The application id.',
    '/__mock/locations/123/applications/7',
    'the application id',
  ),
})

/**
 * The marketplace's side of /__mock: applications, "the owner clicked
 * Connect", an installation's whole record, and what the platform does on
 * its own (uninstall by the owner, freeze at expiry, a payment through Altegio).
 */
export const marketplaceControlRoutes: FastifyPluginAsyncTypebox<{
  marketplace: Marketplace
}> = async (app, { marketplace }) => {
  app.post(
    '/applications',
    {
      schema: {
        summary: 'Register an application (replaces one with its id)',
        body: ApplicationInput,
        response: answers(201, ApplicationAnswer),
      },
    },
    async (request, reply) => {
      const [application] = await answering(marketplace.register([request.body]), controlError)
      return reply.code(201).send(ok(application as StoredApplication))
    },
  )

  app.get(
    '/applications',
    {
      schema: {
        // At most MAX_APPLICATIONS: one page.
        summary: 'The registered applications',
        response: answers(200, ApplicationList),
      },
    },
    async () => {
      const data = marketplace.applications()
      return { success: true as const, data, meta: { count: data.length } }
    },
  )

  app.get(
    '/applications/:application_id',
    {
      schema: {
        summary: 'One application',
        params: AppParams,
        response: answers(200, ApplicationAnswer),
      },
    },
    async (request) =>
      ok(
        marketplace.application(Number(request.params.application_id)) ??
          notRegistered(request.params.application_id),
      ),
  )

  app.delete(
    '/applications/:application_id',
    {
      schema: {
        summary:
          'Forget an application, its installations and the URLs they installed (no callbacks)',
        params: AppParams,
        response: answers(
          200,
          SuccessEnvelope(
            Type.Object({ deleted: Type.Integer({ description: 'The application forgotten.' }) }),
          ),
        ),
      },
    },
    async (request) => {
      const id = Number(request.params.application_id)
      if (!(await marketplace.unregister(id))) notRegistered(request.params.application_id)
      return ok({ deleted: id })
    },
  )

  app.post(
    '/locations/:location_id/applications/:application_id/grant',
    {
      schema: {
        summary: 'The owner clicked Connect: a pending installation and the registration URL',
        params: InstallationParams,
        response: answers(200, SuccessEnvelope(ControlGrantData)),
      },
    },
    async (request) => {
      const { location_id, application_id } = request.params
      // The body is optional: no schema, checked here when there is one.
      const body = request.body ?? {}
      if (!checkGrant(body)) throw validationFailed(toFieldErrors(checkGrant.errors, body))
      const data = await answering(
        marketplace.grant(Number(location_id), Number(application_id), body.user),
        controlError,
      )
      return ok(data)
    },
  )

  app.get(
    '/locations/:location_id/applications/:application_id',
    {
      schema: {
        summary: "An installation's whole record",
        params: InstallationParams,
        response: answers(200, InstallationAnswer),
      },
    },
    async (request) => {
      const { location_id, application_id } = request.params
      const installation = marketplace.installation(Number(location_id), Number(application_id))
      if (!installation) {
        throw new AltegioError(
          404,
          `Application ${application_id} was never granted at location ${location_id} (or the location was reset).`,
        )
      }
      return ok(installation)
    },
  )

  app.post(
    '/locations/:location_id/applications/:application_id/events',
    {
      schema: {
        summary:
          'What the platform does on its own: uninstall, freeze or payment, with its callback',
        params: InstallationParams,
        body: LifecycleBody,
        response: answers(200, SuccessEnvelope(LifecycleResultData)),
      },
    },
    async (request) => {
      const { location_id, application_id } = request.params
      const data = await answering(
        triggerLifecycle(marketplace, Number(location_id), Number(application_id), request.body),
        controlError,
      )
      return ok(data)
    },
  )
}

function notRegistered(id: string): never {
  throw new AltegioError(
    404,
    `Application ${id} is not registered with the mock (POST /__mock/applications).`,
  )
}
