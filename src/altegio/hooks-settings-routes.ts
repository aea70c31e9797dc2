import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import type { RequestJournal } from '../control/request-journal.js'
import { SuccessEnvelope } from '../schemas/envelope.js'
import {
  emptySettings,
  HookSettings,
  HookSettingsBody,
  LocationParams,
  toHookSettings,
  toStoredSettings,
} from '../schemas/hook-settings.js'
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
    async (request: FastifyRequest<{ Params: { location_id?: string } }>) => {
      checkAccept(request)
      const { user } = authenticate(request.headers.authorization, auth)
      authorize(user, request.params.location_id ?? '', auth)
    },
  )

  app.get(
    '/hooks_settings/:location_id',
    {
      schema: {
        summary: 'Read the event notification settings of a location',
        params: LocationParams,
        response: { 200: SettingsResponse },
      },
    },
    async (request) => {
      const settings = store.get(Number(request.params.location_id)) ?? emptySettings()
      return { success: true as const, data: toHookSettings(settings), meta: [] }
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
      return reply.code(201).send({ success: true, data: toHookSettings(settings), meta: [] })
    },
  )
}
