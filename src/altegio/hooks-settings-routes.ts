import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import type { RequestJournal } from '../control/request-journal.js'
import { errorReply } from '../http/error-handler.js'
import { validationFailed } from '../http/errors.js'
import { toFieldErrors } from '../http/validation-errors.js'
import { sendWarnings } from '../http/warnings.js'
import { SuccessEnvelope } from '../schemas/envelope.js'
import {
  emptySettings,
  HookSettings,
  HookSettingsBody,
  hookSettingsJson,
  LocationParams,
  type StoredSettings,
  toStoredSettings,
} from '../schemas/hook-settings.js'
import { POSITIVE_ID } from '../schemas/ids.js'
import type { SettingsStore } from '../store/settings-store.js'
import { type AuthOptions, authenticator, authorize } from './auth.js'
import { checkAccept, checkSettingsBody } from './conformance.js'

export interface HooksSettingsRoutesOptions {
  store: SettingsStore
  auth: AuthOptions
  /** Where every answered request is recorded. */
  requests: RequestJournal
}

const SettingsResponse = SuccessEnvelope(HookSettings)
const JSON_TYPE = 'application/json; charset=utf-8'

/** GET/POST /hooks_settings/{location_id}, as the real API (contract sections 1-3). */
export const hooksSettingsRoutes: FastifyPluginAsyncTypebox<HooksSettingsRoutesOptions> = async (
  app,
  { store, auth, requests },
) => {
  // Every answer of these routes, errors included, goes out through `answer`,
  // which records it in the request journal and sends its warnings. Not
  // onSend/onResponse hooks, and a GET checks its location id itself rather
  // than through a params schema: measured under GET load, that machinery
  // cost more than the work it ran (0.77 to 0.84 of the bare server with
  // it, on par without; see the README's Performance section).
  const answer = (
    request: FastifyRequest,
    reply: FastifyReply,
    statusCode: number,
    body: unknown,
  ) => {
    sendWarnings(request, reply)
    reply.code(statusCode)
    requests.add(request, reply)
    return reply.type(JSON_TYPE).send(body)
  }
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const { statusCode, body } = errorReply(error, request)
    return answer(request, reply, statusCode, body)
  })

  // Authentication comes before body parsing and validation, as upstream:
  // an anonymous request learns nothing about what it sent.
  const authenticate = authenticator(auth)
  const guard = (request: FastifyRequest) => {
    checkAccept(request)
    const { user } = authenticate(request.headers.authorization)
    authorize(user, pathId(request), auth)
  }

  // Answers are immutable per stored settings object (a POST stores a new
  // one), so each is serialized once; a GET then sends ready bytes.
  const serialized = new WeakMap<StoredSettings, string>()
  const envelope = (settings: StoredSettings) =>
    `{"success":true,"data":${hookSettingsJson(settings)},"meta":[]}`
  const settingsAnswer = (settings: StoredSettings) => {
    let body = serialized.get(settings)
    if (body === undefined) {
      body = envelope(settings)
      serialized.set(settings, body)
    }
    return body
  }
  const neverSaved = settingsAnswer(emptySettings())

  app.get(
    '/hooks_settings/:location_id',
    {
      schema: {
        summary: 'Read the event notification settings of a location',
        response: { 200: SettingsResponse },
      },
    },
    // Not async: a promise per GET, and Fastify awaiting it, is work a
    // synchronous answer does not need (a thrown error still reaches the
    // error handler).
    (request, reply) => {
      guard(request)
      const stored = store.get(locationId(request))
      answer(request, reply, 200, stored ? settingsAnswer(stored) : neverSaved)
    },
  )

  app.post(
    '/hooks_settings/:location_id',
    {
      schema: {
        summary: 'Replace the event notification settings of a location',
        params: LocationParams,
        body: HookSettingsBody,
        response: { 201: SettingsResponse },
      },
      onRequest: (request, _reply, done) => {
        try {
          guard(request)
          done()
        } catch (error) {
          done(error as Error)
        }
      },
    },
    async (request, reply) => {
      checkSettingsBody(request, request.body)
      const settings = toStoredSettings(request.body)
      await store.put(Number(request.params.location_id), settings)
      return answer(request, reply, 201, settingsAnswer(settings))
    },
  )
}

/**
 * The location id of a GET, checked as LocationParams would: the same
 * pattern, and on a mismatch the schema's own errors, so the 422 reads the
 * same as a POST's.
 */
function locationId(request: FastifyRequest): number {
  const id = pathId(request)
  if (POSITIVE_ID.test(id)) return Number(id)
  const validate = request.compileValidationSchema(LocationParams, 'params')
  validate(request.params)
  throw validationFailed(toFieldErrors(validate.errors ?? [], request.params))
}

/** The path's location id as sent (no params schema has judged it yet). */
const pathId = (request: FastifyRequest): string =>
  (request.params as { location_id?: string }).location_id ?? ''
