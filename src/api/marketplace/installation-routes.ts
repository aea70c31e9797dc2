import { Readable } from 'node:stream'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { entityFor } from '../../deliveries/entities/index.js'
import { AltegioError } from '../../http/errors.js'
import { warn } from '../../http/warnings.js'
import type { CompanyEntity } from '../../schemas/entities/company.js'
import { ok, SuccessEnvelope } from '../../schemas/envelope.js'
import { RedirectCallbackAnswer } from '../../schemas/marketplace/channel-routes.js'
import type { ActivationRoute, StoredInstallation } from '../../schemas/marketplace/installation.js'
import {
  CallbackAnswer,
  CallbackBody,
  InstallationStatusData,
  SalonsData,
  SalonsQuery,
  UninstallAnswer,
} from '../../schemas/marketplace/installation-routes.js'
import { AppParams, LinkParams } from '../../schemas/marketplace/route-parts.js'
import { answers } from '../../schemas/responses.js'
import { JSON_TYPE } from '../shared/guards.js'
import { answering, apiError, MARKETPLACE_MESSAGES } from './errors.js'
import { PARTNER_ROUTE } from './guarded.js'
import { noBody } from './no-body.js'
import { ownedApplication, partnerToken } from './partner-auth.js'
import type { PartnerRoutesOptions } from './partner-options.js'

const CALLBACK_FIELDS = new Set([
  'salon_id',
  'application_id',
  'api_key',
  'webhook_urls',
  'chat_url',
  'channels',
])

/** Locations a salons page builds at a time; a bigger page is sent in parts of this many. */
const SALONS_PART = 50

/** A location as its company webhooks show it (the same seeded entity). */
const company = (seed: number, locationId: number) =>
  entityFor(seed, {
    locationId,
    resource: 'company',
    resourceId: locationId,
    status: 'update',
  }) as CompanyEntity

/**
 * The JSON of ok(companies of `locations`), made a part at a time with a turn
 * of the event loop between parts: a page of 1000 neither stalls other
 * clients nor is held whole.
 */
async function* salonsJson(locations: number[], seed: number): AsyncGenerator<string> {
  yield '{"success":true,"data":['
  for (let at = 0; at < locations.length; at += SALONS_PART) {
    if (at > 0) await new Promise((resolve) => setImmediate(resolve))
    const part = locations
      .slice(at, at + SALONS_PART)
      .map((id) => JSON.stringify(company(seed, id)))
    yield (at > 0 ? ',' : '') + part.join(',')
  }
  yield '],"meta":[]}'
}

/** Callback, status, salons and uninstall (marketplace contract, sections 2 to 5). */
export const installationRoutes: FastifyPluginAsyncTypebox<PartnerRoutesOptions> = async (
  app,
  { marketplace, auth, seed },
) => {
  /** Both activation routes: the same body, warnings and refusals. */
  const activate = async (
    request: FastifyRequest,
    body: CallbackBody,
    via: ActivationRoute,
  ): Promise<void> => {
    ownedApplication(marketplace, body.application_id, partnerToken(request, auth))
    const unknown = Object.keys(body).filter((key) => !CALLBACK_FIELDS.has(key))
    if (unknown.length > 0) {
      warn(
        request,
        'unknown-fields',
        `ignored fields the mock does not emulate: ${unknown.join(', ')}`,
      )
    }
    const plain = (body.webhook_urls ?? []).filter((url) => url.toLowerCase().startsWith('http://'))
    if (plain.length > 0) {
      warn(
        request,
        'plain-http-url',
        `plain http URL(s) ${plain.join(', ')}; the Hub MCP sends https only`,
      )
    }
    await answering(marketplace.activate(body, via), (refusal) =>
      apiError(refusal, request.hostname),
    )
  }

  app.post(
    '/marketplace/partner/callback',
    {
      schema: {
        summary: 'Activate a pending installation and install its webhook URLs',
        ...PARTNER_ROUTE,
        body: CallbackBody,
        response: answers(201, CallbackAnswer),
      },
    },
    async (request, reply) => {
      await activate(request, request.body, 'callback')
      // The body of this 201 is unpublished (marketplace contract, U6): the envelope, empty.
      return reply.code(201).send(ok(null))
    },
  )

  app.post(
    '/marketplace/partner/callback/redirect',
    {
      schema: {
        summary:
          "The partner callback as the registration page's redirect: activates the same way, answers 200",
        ...PARTNER_ROUTE,
        body: CallbackBody,
        response: answers(200, SuccessEnvelope(RedirectCallbackAnswer)),
      },
    },
    async (request) => {
      await activate(request, request.body, 'redirect')
      // The page documents a 200 with `success` only (marketplace contract, section 2): the envelope, empty.
      return ok(null)
    },
  )

  app.get(
    '/marketplace/salon/:location_id/application/:application_id',
    {
      schema: {
        summary: "An installation's status, transitions and payments",
        ...PARTNER_ROUTE,
        params: LinkParams,
        response: answers(200, SuccessEnvelope(InstallationStatusData)),
      },
    },
    async (request) => {
      const { location_id, application_id } = request.params
      ownedApplication(marketplace, Number(application_id), partnerToken(request, auth))
      const installation = marketplace.installation(Number(location_id), Number(application_id))
      if (!installation || !isInstalled(installation)) {
        throw notInstalled(location_id, application_id, installation)
      }
      return ok(statusData(installation))
    },
  )

  app.get(
    '/marketplace/application/:application_id/salons',
    {
      schema: {
        summary: 'Locations where the application is installed (active or frozen)',
        ...PARTNER_ROUTE,
        params: AppParams,
        querystring: SalonsQuery,
        response: answers(200, SuccessEnvelope(SalonsData)),
      },
    },
    async (request, reply) => {
      const applicationId = Number(request.params.application_id)
      ownedApplication(marketplace, applicationId, partnerToken(request, auth))
      const count = Number(request.query.count ?? 100)
      const page = Math.max(1, Number(request.query.page ?? 1))
      const locations = marketplace.listedPage(applicationId, (page - 1) * count, count)
      if (locations.length <= SALONS_PART) return ok(locations.map((id) => company(seed, id)))
      // The same envelope as JSON text in parts, which the typed send does not know.
      return reply.type(JSON_TYPE).send(Readable.from(salonsJson(locations, seed)) as never)
    },
  )

  app.post(
    '/marketplace/salon/:location_id/application/:application_id/uninstall',
    {
      onRequest: noBody,
      schema: {
        summary: 'Uninstall the application from a location',
        ...PARTNER_ROUTE,
        params: LinkParams,
        response: answers(200, UninstallAnswer),
      },
    },
    async (request) => {
      const locationId = Number(request.params.location_id)
      const applicationId = Number(request.params.application_id)
      ownedApplication(marketplace, applicationId, partnerToken(request, auth))
      await answering(marketplace.uninstall(locationId, applicationId, 'partner_api'), apiError)
      // As the sample of API-REDOC: meta is an object here.
      return { success: true as const, data: null, meta: {} }
    },
  )
}

/** An installation the status route shows: granted, and not uninstalled since. */
type Installed = StoredInstallation & {
  status: Exclude<StoredInstallation['status'], 'uninstalled'>
  created_at: string
}
const isInstalled = (installation: StoredInstallation): installation is Installed =>
  installation.status !== 'uninstalled' && installation.created_at !== null

/** `data` of the status route: logs, payments and connection_status, as the sample orders them. */
export function statusData(installation: Installed): InstallationStatusData {
  return {
    logs: installation.logs,
    payments: installation.payments.map(
      ({ id, payment_sum, payment_date, is_refunded, period_from, period_to }) => ({
        id,
        payment_sum,
        payment_date,
        is_refunded,
        period_from,
        period_to,
      }),
    ),
    connection_status: { status: installation.status, created_at: installation.created_at },
  }
}

function notInstalled(
  locationId: string,
  applicationId: string,
  installation: StoredInstallation | undefined,
): AltegioError {
  const why = installation
    ? `application ${applicationId} was uninstalled from location ${locationId}; GET /__mock/locations/${locationId}/applications/${applicationId} shows its history`
    : `application ${applicationId} was never installed at location ${locationId}`
  return new AltegioError(404, MARKETPLACE_MESSAGES.notInstalled, undefined, why)
}
