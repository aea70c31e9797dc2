import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { validationFailed } from '../../http/errors.js'
import { ok, SuccessEnvelope } from '../../schemas/envelope.js'
import {
  ShortNamesAnswer,
  ShortNamesBody,
  UpdateChannelAnswer,
  UpdateChannelBody,
} from '../../schemas/marketplace/channel-routes.js'
import { answers } from '../../schemas/responses.js'
import { answering, apiError } from './errors.js'
import { PARTNER_ROUTE } from './guarded.js'
import { ownedApplication, partnerToken } from './partner-auth.js'
import type { PartnerRoutesOptions } from './partner-options.js'

/**
 * What a sender name may not be, as the Hub MCP's validator has it
 * (marketplace contract, section 11): each rule, and what the name breaks.
 */
const NAME_RULES: [RegExp, string][] = [
  [/[А-Яа-яЁё]/, 'must not have Cyrillic letters (SMS sender names are Latin)'],
  [/altegio/i, 'must not contain "altegio" (the platform\'s own name)'],
  [/^ag$/i, 'must not be "ag" (reserved)'],
]

/** The names' problems by field, as a 422's `meta.errors`; empty when every name is allowed. */
function nameProblems(names: string[]): Record<string, string[]> {
  const problems: Record<string, string[]> = {}
  names.forEach((name, index) => {
    const broken = NAME_RULES.filter(([pattern]) => pattern.test(name)).map(([, text]) => text)
    if (broken.length > 0) {
      problems[`short_names[${index}]`] = [
        `short_names[${index}] ${broken.join(', and ')}, got ${JSON.stringify(name)}.`,
      ]
    }
  })
  return problems
}

/** SMS sender names and notification channels (marketplace contract, section 11). */
export const channelRoutes: FastifyPluginAsyncTypebox<PartnerRoutesOptions> = async (
  app,
  { marketplace, auth },
) => {
  app.post(
    '/marketplace/partner/short_names',
    {
      schema: {
        summary: 'Set the SMS sender names a location may choose from (SMS aggregators)',
        ...PARTNER_ROUTE,
        body: ShortNamesBody,
        response: answers(201, SuccessEnvelope(ShortNamesAnswer)),
      },
    },
    async (request, reply) => {
      const { salon_id, application_id, short_names } = request.body
      ownedApplication(marketplace, application_id, partnerToken(request, auth))
      const problems = nameProblems(short_names)
      if (Object.keys(problems).length > 0) throw validationFailed(problems)
      await answering(marketplace.setShortNames(salon_id, application_id, short_names), apiError)
      // The page documents no body (marketplace contract, section 11): the envelope, empty.
      return reply.code(201).send(ok(null))
    },
  )

  app.post(
    '/marketplace/application/update_channel',
    {
      schema: {
        summary:
          'Offer a notification channel at a location, or withdraw it (chat bots, SMS aggregators)',
        ...PARTNER_ROUTE,
        body: UpdateChannelBody,
        response: answers(200, SuccessEnvelope(UpdateChannelAnswer)),
      },
    },
    async (request) => {
      const { salon_id, application_id, channel_slug, is_available } = request.body
      ownedApplication(marketplace, application_id, partnerToken(request, auth))
      await answering(
        marketplace.updateChannel(salon_id, application_id, channel_slug, is_available),
        apiError,
      )
      return ok({})
    },
  )
}
