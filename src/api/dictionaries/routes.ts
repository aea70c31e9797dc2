import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { RequestJournal } from '../../control/request-journal.js'
import { validationFailed } from '../../http/errors.js'
import { toFieldErrors } from '../../http/validation-errors.js'
import { warn } from '../../http/warnings.js'
import {
  BusinessGroupsAnswer,
  CitiesAnswer,
  CitiesQuery,
  CountriesAnswer,
  NoQuery,
} from '../../schemas/dictionaries/dictionaries.js'
import { POSITIVE_ID } from '../../schemas/ids.js'
import { answers } from '../../schemas/responses.js'
import type { TSchema } from '../../schemas/typebox.js'
import { directAnswers } from '../shared/answers.js'
import { type AuthOptions, partnerAuthenticator } from '../shared/auth.js'
import { checkAccept } from '../shared/conformance.js'
import type { Guards } from '../shared/guards.js'
import { ALTEGIO_MEDIA_TYPES, PARTNER_ONLY } from '../shared/route-docs.js'
import { DictionaryAnswers } from './answers.js'

export interface DictionariesRoutesOptions {
  auth: AuthOptions
  /** The rate limit and the faults of route "dictionaries". */
  checks: Guards
  /** Where every answered request is recorded. */
  requests: RequestJournal
  /** The seed of the generated world: a location's city is its company webhooks' city. */
  seed: number
}

const ROUTES = 'the dictionaries (/countries, /cities, /references/business_groups_with_types)'
const CITY_KEYS = new Set(['country_id', 'salon_id', 'company_id'])

type Query = Record<string, unknown>
/** An answer sent with a warning: made again for each request, so the warning goes out each time. */
type Uncached = { uncached: Buffer }
const MAX_CACHED_URLS = 1024

/** The location of a cities request, so that a fault's `location_id` matches it. */
function queryLocation(request: FastifyRequest): number | undefined {
  const query = request.query as Query
  const id = query.salon_id ?? query.company_id
  return typeof id === 'string' && POSITIVE_ID.test(id) ? Number(id) : undefined
}

/**
 * GET /countries, /cities and /references/business_groups_with_types
 * (docs/dictionaries.md): partner token, the same bytes every time.
 */
export const dictionariesRoutes: FastifyPluginAsyncTypebox<DictionariesRoutesOptions> = async (
  app,
  { auth, checks, requests, seed },
) => {
  // As hooks_settings: every answer goes out through `answer`, which journals
  // it and sends its warnings, and the handlers check the query themselves
  // (a querystring schema cost as much as the rest of a GET).
  const answer = directAnswers(app, requests)

  const authenticate = partnerAuthenticator(auth, ROUTES)
  // The answers' data loads on the first request here, not at start (answers.ts).
  let loaded: DictionaryAnswers | undefined
  let loading: Promise<DictionaryAnswers> | undefined
  const load = async () => {
    loading ??= DictionaryAnswers.load(seed)
    loaded = await loading
    return loaded
  }

  /** The query's keys are all in `keys` and each is a positive id; else the schema's 422. */
  const checkQuery = (request: FastifyRequest, schema: TSchema, keys: Set<string>) => {
    const query = request.query as Query
    let valid = true
    for (const key in query) {
      const value = query[key]
      if (!keys.has(key) || typeof value !== 'string' || !POSITIVE_ID.test(value)) valid = false
    }
    if (valid) return query as Record<string, string | undefined>
    const validate = request.compileValidationSchema(schema, 'querystring')
    validate(query)
    throw validationFailed(toFieldErrors(validate.errors ?? [], query))
  }
  const none = new Set<string>()

  const route = (
    url: string,
    summary: string,
    querystring: TSchema,
    success: TSchema,
    body: (request: FastifyRequest, made: DictionaryAnswers) => Buffer | Uncached,
  ) => {
    // The answer of each URL accepted without a warning: the same URL is the same bytes,
    // found without reading its query again. Bounded: a client sending ever new URLs empties it.
    const byUrl = new Map<string, Buffer>()
    const get = (request: FastifyRequest, reply: FastifyReply, made: DictionaryAnswers) => {
      checkAccept(request)
      authenticate(request.headers.authorization)
      let bytes = byUrl.get(request.url)
      if (bytes === undefined) {
        const answered = body(request, made)
        if (Buffer.isBuffer(answered)) {
          if (byUrl.size >= MAX_CACHED_URLS) byUrl.clear()
          byUrl.set(request.url, answered)
          bytes = answered
        } else {
          bytes = answered.uncached
        }
      }
      answer(request, reply, 200, bytes)
    }
    const checkedGet = async (request: FastifyRequest, reply: FastifyReply, idle: boolean) => {
      const made = loaded ?? (await load())
      if (idle || !(await checks.check(request, reply, answer, queryLocation(request)))) {
        get(request, reply, made)
      }
      return reply
    }
    app.get(
      url,
      {
        // The handler checks the query itself; the document still shows it.
        config: {
          swaggerTransform: ({ schema, url }) => ({ schema: { ...schema, querystring }, url }),
        },
        schema: {
          summary,
          tags: ['dictionaries'],
          security: [{ [PARTNER_ONLY]: [] }],
          produces: ALTEGIO_MEDIA_TYPES,
          response: answers(200, success),
        },
      },
      // Synchronous unless a limit or fault is set, as GET hooks_settings, or the data is not loaded yet.
      (request, reply) => {
        if (loaded === undefined || !checks.idle) return checkedGet(request, reply, checks.idle)
        get(request, reply, loaded)
      },
    )
  }

  route(
    '/countries',
    'Every country: ids, names, ISO code, phone code, mask and example, currency',
    NoQuery,
    CountriesAnswer,
    (request, made) => {
      checkQuery(request, NoQuery, none)
      return made.countries()
    },
  )
  route(
    '/cities',
    "Cities of a country (or all), and a location's own city whatever its country",
    CitiesQuery,
    CitiesAnswer,
    (request, made) => {
      const query = checkQuery(request, CitiesQuery, CITY_KEYS)
      const countryId = query.country_id === undefined ? undefined : Number(query.country_id)
      const bytes = made.cities(countryId, queryLocation(request))
      if (countryId === undefined || made.knowsCountry(countryId)) return bytes
      warn(
        request,
        'unknown-country',
        `country_id ${countryId} is not an id GET /countries lists, so no city is in it`,
      )
      return { uncached: bytes }
    },
  )
  route(
    '/references/business_groups_with_types',
    'Business groups with their business types',
    NoQuery,
    BusinessGroupsAnswer,
    (request, made) => {
      checkQuery(request, NoQuery, none)
      return made.businessGroups()
    },
  )
}
