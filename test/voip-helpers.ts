// What the VoIP tests share: a CRM token routed to location 123, its requests, an app.
import { worldOf } from '../src/deliveries/entities/world.js'
import { HEADERS, testApp, V2 } from './helpers.js'
import { testClock } from './marketplace-helpers.js'

export const TOKEN = '7cf262d6-1656-43f9-86ac-2826bdc125d2'
export const PARTNER_HEADERS = { authorization: 'Bearer partner-token', accept: V2 }
export const LOCATION = 123
export const INTEGRATION = {
  crm_token: TOKEN,
  routes: [
    { diversion: '+1 315 555 0176', location_id: LOCATION },
    { user: '101', location_id: LOCATION, staff_id: 5 },
  ],
}
/** A client of location 123 as its webhooks carry it (seed 1): the first of its pool. */
const world = worldOf(1, LOCATION)
const identity = world.client(world.clientIds[0] as number)
export const CLIENT = {
  id: identity.id,
  name: identity.name,
  phone: identity.phone,
  email: identity.email,
}
// The location's UTC offset, as its company webhook's `timezone`.
export const TZ = worldOf(1, LOCATION).tz

export const post = (payload: unknown, headers: Record<string, string> = PARTNER_HEADERS) => ({
  method: 'POST' as const,
  url: '/api/v1/voip/integration',
  headers,
  payload: payload as object,
})
export const setup = (type: 'enable' | 'disable', crm_token = TOKEN) =>
  post({ command: 'setup', type, crm_token })
export const incoming = (extra: Record<string, unknown> = {}) =>
  post({
    command: 'event',
    type: 'incoming',
    crm_token: TOKEN,
    phone: CLIENT.phone,
    diversion: '13155550176',
    ...extra,
  })
export const history = (extra: Record<string, unknown> = {}) =>
  post({
    command: 'history',
    type: 'incoming',
    crm_token: TOKEN,
    phone: CLIENT.phone,
    diversion: '13155550176',
    duration: 90,
    link: 'https://external.call.storage/call_record.mp3',
    call_id: 'external_call_id',
    status: 'success',
    date: '2026-05-01T09:00:00+00:00',
    ...extra,
  })
export const calls = (query: string, headers: Record<string, string> = HEADERS) => ({
  method: 'GET' as const,
  url: `/api/v1/voip/integration/calls?${query}`,
  headers,
})
export const DAY = `salon_id=${LOCATION}&date_from=2026-05-01&date_to=2026-05-01`

export async function voipApp(options: Record<string, unknown> = {}) {
  const clock = testClock()
  const { app, store } = await testApp({
    now: clock.now,
    voipIntegrations: [INTEGRATION],
    ...options,
  })
  return { app, store, clock }
}
