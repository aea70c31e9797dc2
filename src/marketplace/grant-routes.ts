import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { AuthOptions } from '../altegio/auth.js'
import type { RequestJournal } from '../control/request-journal.js'
import { sendWarnings } from '../http/warnings.js'
import { LinkParams } from '../schemas/marketplace-api.js'
import { answering, apiError } from './errors.js'
import type { Marketplace } from './marketplace.js'
import { noBody } from './no-body.js'
import { ownerAuth } from './partner-auth.js'

export interface GrantRoutesOptions {
  marketplace: Marketplace
  auth: AuthOptions
  requests: RequestJournal
}

/**
 * The owner's grant on api.alteg.io (marketplace contract, section 1): partner and owner
 * tokens; a pending installation, and the registration URL the owner's
 * browser opens next. Its answer is unpublished: the mock's is marked so.
 */
export const grantRoutes: FastifyPluginAsyncTypebox<GrantRoutesOptions> = async (
  app,
  { marketplace, auth, requests },
) => {
  app.addHook('onSend', async (request, reply, payload) => {
    sendWarnings(request, reply)
    requests.add(request, reply)
    return payload
  })
  app.addHook('onRequest', async (request) => {
    const { location_id = '' } = request.params as { location_id?: string }
    ownerAuth(request, auth, location_id)
  })

  app.post(
    '/company/:location_id/marketplace/applications/:application_id/grant_access',
    {
      onRequest: noBody,
      schema: {
        summary: 'The owner grants the application access: a pending installation',
        params: LinkParams,
      },
    },
    async (request) => {
      const locationId = Number(request.params.location_id)
      const applicationId = Number(request.params.application_id)
      const { installation, redirect_url } = await answering(
        marketplace.grant(locationId, applicationId),
        apiError,
      )
      return {
        success: true,
        data: {
          salon_id: locationId,
          application_id: applicationId,
          status: installation.status,
          redirect_url,
        },
        meta: [],
      }
    },
  )
}
