import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { RequestJournal } from '../../control/request-journal.js'
import { ok, SuccessEnvelope } from '../../schemas/envelope.js'
import { GrantAccessData } from '../../schemas/marketplace/grant-routes.js'
import { LinkParams } from '../../schemas/marketplace/route-parts.js'
import { answers } from '../../schemas/responses.js'
import { journalAnswers } from '../shared/answers.js'
import { type AuthOptions, authenticate } from '../shared/auth.js'
import type { Guards } from '../shared/guards.js'
import { ALTEGIO_MEDIA_TYPES, PARTNER_USER } from '../shared/route-docs.js'
import { answering, apiError } from './errors.js'
import { guarded } from './guarded.js'
import type { Marketplace } from './marketplace.js'
import { noBody } from './no-body.js'
import { ownedBy, ownerAuth } from './partner-auth.js'

export interface GrantRoutesOptions {
  marketplace: Marketplace
  auth: AuthOptions
  requests: RequestJournal
  /** The rate limit and the faults of route "marketplace". */
  checks: Guards
}

/**
 * The owner's grant on api.alteg.io (marketplace contract, section 1): partner and owner
 * tokens; a pending installation, and the registration URL the owner's
 * browser opens next. Its answer is unpublished: the mock's is marked so.
 */
export const grantRoutes: FastifyPluginAsyncTypebox<GrantRoutesOptions> = async (
  app,
  { marketplace, auth, requests, checks },
) => {
  journalAnswers(app, requests)
  app.addHook(
    'onRequest',
    guarded(checks, (request) => {
      const { location_id = '' } = request.params as { location_id?: string }
      ownerAuth(request, auth, location_id)
    }),
  )

  app.post(
    '/company/:location_id/marketplace/applications/:application_id/grant_access',
    {
      onRequest: noBody,
      schema: {
        summary: 'The owner grants the application access: a pending installation',
        tags: ['marketplace'],
        security: [{ [PARTNER_USER]: [] }],
        produces: ALTEGIO_MEDIA_TYPES,
        params: LinkParams,
        response: answers(200, SuccessEnvelope(GrantAccessData)),
      },
    },
    async (request) => {
      const locationId = Number(request.params.location_id)
      const applicationId = Number(request.params.application_id)
      // The redirect is signed with the application's partner token: only that partner may ask for it.
      const application = marketplace.application(applicationId)
      if (application)
        ownedBy(application, authenticate(request.headers.authorization, auth).partner)
      const { installation, redirect_url } = await answering(
        marketplace.grant(locationId, applicationId),
        apiError,
      )
      return ok({
        salon_id: locationId,
        application_id: applicationId,
        // A grant always leaves the installation pending (the state machine);
        // the tests' response check holds the mock to it.
        status: installation.status as 'pending',
        redirect_url,
      })
    },
  )
}
