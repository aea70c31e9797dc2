import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import type { RequestJournal } from '../control/request-journal.js'
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
import type { Static } from '../schemas/typebox.js'
import type { SettingsStore } from '../store/settings-store.js'
import { type AuthOptions, authenticate, authorize } from './auth.js'
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
  requests.record(app)

  // Authentication comes before body parsing and validation, as upstream:
  // an anonymous request learns nothing about what it sent.
  app.addHook(
    'onRequest',
    (
      request: FastifyRequest<{ Params: { location_id?: string } }>,
      _reply: unknown,
      done: (err?: Error) => void,
    ) => {
      try {
        checkAccept(request)
        const { user } = authenticate(request.headers.authorization, auth)
        authorize(user, request.params.location_id ?? '', auth)
        done()
      } catch (error) {
        done(error as Error)
      }
    },
  )

  // Answers are immutable per stored settings object (a POST stores a new
  // one), so each is serialized once; a GET then sends ready bytes.
  const serialized = new WeakMap<StoredSettings, string>()
  const envelope = (settings: StoredSettings) =>
    `{"success":true,"data":${hookSettingsJson(settings)},"meta":[]}`
  // The typed reply expects the response object; these are its JSON bytes.
  const answer = (settings: StoredSettings) => {
    let body = serialized.get(settings)
    if (body === undefined) {
      body = envelope(settings)
      serialized.set(settings, body)
    }
    return body as unknown as Static<typeof SettingsResponse>
  }
  const neverSaved = answer(emptySettings())

  app.get(
    '/hooks_settings/:location_id',
    {
      schema: {
        summary: 'Read the event notification settings of a location',
        params: LocationParams,
        response: { 200: SettingsResponse },
      },
    },
    async (request, reply) => {
      const stored = store.get(Number(request.params.location_id))
      return reply.type(JSON_TYPE).send(stored ? answer(stored) : neverSaved)
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
    },
    async (request, reply) => {
      checkSettingsBody(request, request.body)
      const settings = toStoredSettings(request.body)
      await store.put(Number(request.params.location_id), settings)
      return reply.code(201).type(JSON_TYPE).send(answer(settings))
    },
  )
}
