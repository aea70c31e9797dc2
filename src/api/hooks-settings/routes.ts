import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { LocationOptions } from '../../control/location-options.js'
import type { RequestJournal } from '../../control/request-journal.js'
import { validationFailed } from '../../http/errors.js'
import { toFieldErrors } from '../../http/validation-errors.js'
import {
  type Backend,
  HookSettingsBody,
  LocationParams,
  type StoredSettings,
} from '../../schemas/hooks-settings/settings.js'
import { POSITIVE_ID } from '../../schemas/ids.js'
import { answers, SettingsAnswer } from '../../schemas/responses.js'
import type { Store } from '../../store/store.js'
import { directAnswers } from '../shared/answers.js'
import { type AuthOptions, authenticator, authorize } from '../shared/auth.js'
import { checkAccept, checkSettingsBody } from '../shared/conformance.js'
import { type Guards, guardedHook, heldBody } from '../shared/guards.js'
import { ALTEGIO_MEDIA_TYPES, PARTNER_USER } from '../shared/route-docs.js'
import { fromPostBody, settingsJson } from './settings-model.js'

export interface HooksSettingsRoutesOptions {
  store: Store
  auth: AuthOptions
  /** The rate limit and faults, when a test asked for them. */
  checks: Guards
  /** Which backend answers each location. */
  locations: LocationOptions
  /** Where every answered request is recorded. */
  requests: RequestJournal
}

/** GET/POST /hooks_settings/{location_id}, as the real API (contract sections 1-3). */
export const hooksSettingsRoutes: FastifyPluginAsyncTypebox<HooksSettingsRoutesOptions> = async (
  app,
  { store, auth, checks, locations, requests },
) => {
  // Every answer of these routes, errors included, goes out through `answer`,
  // which records it in the request journal and sends its warnings: not
  // onSend/onResponse hooks, and both routes check the location id themselves rather
  // than through a params schema, since that machinery cost as much as the
  // work it ran (docs/performance.md#get-hooks).
  const answer = directAnswers(app, requests)

  // Authentication comes before body parsing and validation, as upstream:
  // an anonymous request learns nothing about what it sent. Then the id,
  // which both routes answer with, so a bad one is refused before any body.
  const authenticate = authenticator(auth)
  const guard = (request: FastifyRequest): string => {
    checkAccept(request)
    const { user } = authenticate(request.headers.authorization)
    authorize(user, pathId(request), auth)
    return locationId(request)
  }

  // Stored settings are replaced whole, never edited, so each one's answer is
  // serialized once per backend; a GET then sends ready bytes.
  const serialized: Record<Backend, WeakMap<StoredSettings, string>> = {
    current: new WeakMap(),
    legacy: new WeakMap(),
  }
  const settingsAnswer = (settings: StoredSettings | undefined, id: string) => {
    const backend = locations.backend(id)
    let body = settings && serialized[backend].get(settings)
    if (body === undefined) {
      body = `{"success":true,"data":${settingsJson(settings, Number(id), backend)},"meta":[]}`
      if (settings) serialized[backend].set(settings, body)
    }
    return body
  }

  app.get(
    '/hooks_settings/:location_id',
    {
      config: { swaggerTransform: withLocationParams },
      schema: {
        summary: 'Read the event notification settings of a location',
        tags: ['hooks_settings'],
        security: [{ [PARTNER_USER]: [] }],
        produces: ALTEGIO_MEDIA_TYPES,
        response: answers(200, SettingsAnswer),
      },
    },
    // Synchronous unless a limit or fault is set: a thrown error still
    // reaches the error handler, and no promise is made per GET.
    (request, reply) => {
      if (!checks.idle) return checkedGet(request, reply)
      get(request, reply)
    },
  )
  const get = (request: FastifyRequest, reply: FastifyReply) => {
    const id = guard(request)
    answer(request, reply, 200, settingsAnswer(store.get('locations', id), id))
  }
  const checkedGet = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!(await checks.check(request, reply, answer))) get(request, reply)
    return reply
  }

  app.post(
    '/hooks_settings/:location_id',
    {
      config: { swaggerTransform: withLocationParams },
      schema: {
        summary: 'Replace the event notification settings of a location',
        tags: ['hooks_settings'],
        security: [{ [PARTNER_USER]: [] }],
        produces: ALTEGIO_MEDIA_TYPES,
        body: HookSettingsBody,
        response: answers(201, SettingsAnswer),
      },
      // Auth and the id (and the limit and faults) before the body is read, as upstream.
      onRequest: guardedHook(checks, answer, guard),
      preParsing: heldBody,
    },
    async (request, reply) => {
      checkSettingsBody(request, request.body)
      const id = pathId(request) // checked by `guard`
      const settings = fromPostBody(request.body)
      await store.commit([{ op: 'put', collection: 'locations', key: id, value: settings }])
      return answer(request, reply, 201, settingsAnswer(settings, id))
    },
  )
}

/** The routes check the id themselves; the document still shows the parameter. */
const withLocationParams = ({ schema, url }: { schema: object; url: string }) => ({
  schema: { ...schema, params: LocationParams },
  url,
})

/**
 * The location id of a request, checked as LocationParams would: the same
 * pattern, and on a mismatch the schema's own errors, so the 422 reads as
 * the other routes' params schemas write it.
 */
function locationId(request: FastifyRequest): string {
  const id = pathId(request)
  if (POSITIVE_ID.test(id)) return id
  const validate = request.compileValidationSchema(LocationParams, 'params')
  validate(request.params)
  throw validationFailed(toFieldErrors(validate.errors ?? [], request.params))
}

/** The path's location id as sent (no params schema judges it). */
const pathId = (request: FastifyRequest): string =>
  (request.params as { location_id?: string }).location_id ?? ''
