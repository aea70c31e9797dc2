import { createHash } from 'node:crypto'
import { DAY, isoTime } from '../../deliveries/entities/time.js'
import { worldOf } from '../../deliveries/entities/world.js'
import type { FieldErrors } from '../../http/errors.js'
import type { StoredApplication } from '../../schemas/marketplace/application.js'
import {
  CALL_STATUSES,
  CALL_TYPES,
  type CallStatus,
  type CallType,
  MAX_CALLS,
  type StoredCall,
  type StoredCallList,
  type VoipCall,
} from '../../schemas/voip/calls.js'
import type { VoipNotification } from '../../schemas/voip/control.js'
import { TYPES_OF, type VoipEventBody } from '../../schemas/voip/event.js'
import {
  MAX_INTEGRATIONS,
  type StoredVoipIntegration,
  type VoipIntegrationInput,
  type VoipRoute,
} from '../../schemas/voip/integration.js'
import type { Change } from '../../store/collections.js'
import type { StateView, Store } from '../../store/store.js'
import type { LocationClients } from '../shared/clients.js'
import { NotificationJournal } from './notifications.js'

/** A request the VoIP section refuses: 422 with `errors`, and a warning saying why. */
export class VoipRefusal extends Error {
  override name = 'VoipRefusal'
  constructor(
    readonly errors: FieldErrors,
    readonly warning?: { code: string; message: string },
  ) {
    super(Object.values(errors).flat().join(' '))
  }
}

/** A warning the 202 carries. */
export interface VoipWarning {
  code: string
  message: string
}

const digits = (text: string) => text.replace(/\D/g, '')

/** ISO 8601 with an offset (or Z); seconds and fractions optional. */
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/
const DAY_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/

/**
 * UTC milliseconds of an ISO 8601 date-time; without an offset, read at
 * `tzHours` (the location's). NaN when it is not one.
 */
export function parseDateTime(text: string, tzHours: number): number {
  const match = DATE_TIME.exec(text)
  if (!match) return Number.NaN
  const [, y, mo, d, h, mi, s = '0', frac = '0', zone] = match
  const utc = Date.UTC(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h),
    Number(mi),
    Number(s),
    Number(`0.${frac}`) * 1000,
  )
  // Date.UTC rolls 2026-02-31 over to March: a date that does not exist is refused.
  const check = new Date(utc)
  if (check.getUTCDate() !== Number(d) || check.getUTCMonth() !== Number(mo) - 1) return Number.NaN
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return Number.NaN
  let offsetMinutes = tzHours * 60
  if (zone === 'Z') offsetMinutes = 0
  else if (zone) {
    const sign = zone.startsWith('-') ? -1 : 1
    const rest = zone.slice(1).replace(':', '')
    offsetMinutes = sign * (Number(rest.slice(0, 2)) * 60 + Number(rest.slice(2) || '0'))
  }
  return utc - offsetMinutes * 60_000
}

/** A bound of the calls query: a day (its first or last moment at the location) or a date-time. */
export function parseBound(text: string, tzHours: number, end: boolean): number {
  const day = DAY_ONLY.exec(text)
  if (!day) return parseDateTime(text, tzHours)
  const start = parseDateTime(`${text}T00:00:00`, tzHours)
  return end ? start + DAY - 1 : start
}

/** The calls query, checked. */
export interface CallsFilter {
  from: number
  to: number
  phone?: string | undefined
  types?: CallType[] | undefined
  statuses?: CallStatus[] | undefined
  page: number
  limit: number
}

/** `types[]=a&types[]=b`, `types=a&types=b` and `types=a,b` all read as [a, b]. */
export function listParam(...values: (string | string[] | undefined)[]): string[] | undefined {
  const all = values.flatMap((value) => (value === undefined ? [] : [value].flat()))
  if (all.length === 0) return undefined
  return all.flatMap((value) => value.split(',')).map((value) => value.trim())
}

/** The fields of an incoming pop-up a test reads. */
export type NotificationInput = Omit<VoipNotification, 'id'>

const LIST_BOUNDS = { limit: 25, maxLimit: 100 }

/**
 * The VoIP section's state: CRM tokens with their routes, each location's
 * call list (both in the store, with the same guarantees as settings), and
 * the notifications journal (in memory). Every change decides from the
 * store's latest state and commits in the same run (store.update).
 */
export class Voip {
  readonly notifications = new NotificationJournal()
  readonly #start: StoredVoipIntegration[]
  /** The start entries that say whether they are enabled: the others keep what is stored. */
  readonly #startSaysEnabled: Set<string>

  constructor(
    readonly store: Store,
    readonly clock: () => Date,
    readonly seed: number,
    readonly clients: LocationClients,
    start: VoipIntegrationInput[] = [],
  ) {
    this.#start = start.map(toStored)
    this.#startSaysEnabled = new Set(
      start.filter((input) => input.enabled !== undefined).map((input) => input.crm_token),
    )
  }

  /**
   * Registers the start tokens over what the data file holds; one stored
   * already keeps its `enabled` unless the start entry says: a restart
   * keeps what the partner's setup did (voip contract, section 6).
   */
  async start(): Promise<void> {
    if (this.#start.length === 0) return
    const stored = this.#start.map((integration) => {
      const before = this.integration(integration.crm_token)
      if (!before || this.#startSaysEnabled.has(integration.crm_token)) return integration
      return { ...integration, enabled: before.enabled }
    })
    await this.register(stored)
  }

  /** Registers tokens, replacing those with the same token. */
  register(inputs: VoipIntegrationInput[]): Promise<StoredVoipIntegration[]> {
    const stored = inputs.map(toStored)
    return this.store.update((latest) => {
      const added = new Set(
        stored.filter((s) => !latest.get('voip_integrations', s.crm_token)).map((s) => s.crm_token),
      ).size
      if (latest.size('voip_integrations') + added > MAX_INTEGRATIONS) {
        throw new VoipRefusal({
          crm_token: [
            `crm_token: the mock keeps at most ${MAX_INTEGRATIONS} CRM tokens: reset some locations first (DELETE /__mock/locations/{id}, or POST /__mock/reset).`,
          ],
        })
      }
      const changes: Change[] = stored.map((value) => ({
        op: 'put',
        collection: 'voip_integrations',
        key: value.crm_token,
        value,
      }))
      return { changes, result: stored }
    })
  }

  /** Every token, or those with a route at `locationId`, in the order first stored. */
  integrations(locationId?: number): StoredVoipIntegration[] {
    const found: StoredVoipIntegration[] = []
    for (const [, integration] of this.store.latest.entries('voip_integrations')) {
      if (
        locationId === undefined ||
        integration.routes.some((r) => r.location_id === locationId)
      ) {
        found.push(integration)
      }
    }
    return found
  }

  integration(token: string): StoredVoipIntegration | undefined {
    return this.store.latest.get('voip_integrations', token)
  }

  /** A telephony integration: an application of category telephony (voip contract, section 3). */
  isTelephony(application: StoredApplication): boolean {
    return application.category === 'telephony'
  }

  /** The CRM token a telephony application gets at a location: the same every run. */
  telephonyToken(applicationId: number, locationId: number): string {
    const hex = createHash('sha256')
      .update(`crm-token:${this.seed}:${applicationId}:${locationId}`)
      .digest('hex')
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`
  }

  /**
   * What the owner's grant of a telephony application commits besides the
   * installation: the location's CRM token, when it has none yet (voip contract, section 3).
   */
  grantChanges(application: StoredApplication, locationId: number, latest: StateView): Change[] {
    if (!this.isTelephony(application)) return []
    const token = this.telephonyToken(application.application_id, locationId)
    if (latest.get('voip_integrations', token)) return []
    if (latest.size('voip_integrations') >= MAX_INTEGRATIONS) return []
    const value: StoredVoipIntegration = {
      crm_token: token,
      routes: [{ location_id: locationId }],
      enabled: false,
      application_id: application.application_id,
    }
    return [{ op: 'put', collection: 'voip_integrations', key: token, value }]
  }

  /**
   * POST /voip/integration: decides from the latest state and commits in the
   * same run. Resolves with the warnings of the 202; throws VoipRefusal.
   */
  async handle(body: VoipEventBody): Promise<VoipWarning[]> {
    checkFields(body)
    let notification: NotificationInput | undefined
    const warnings = await this.store.update((latest) => {
      const integration = latest.get('voip_integrations', body.crm_token)
      if (!integration) {
        throw new VoipRefusal(
          {
            crm_token: [
              `crm_token "${body.crm_token}" is not a CRM token the mock knows: register it (POST /__mock/voip/integrations, --voip-integrations) or install a telephony application and read its token (GET /__mock/voip/integrations?location_id=...).`,
            ],
          },
          {
            code: 'crm-token-unknown',
            message: `no integration has crm_token "${body.crm_token}"; what the real API answers is unpublished (voip contract, section 2)`,
          },
        )
      }
      if (body.command === 'setup') {
        const enabled = body.type === 'enable'
        const value = { ...integration, enabled }
        const changes: Change[] =
          integration.enabled === enabled
            ? []
            : [{ op: 'put', collection: 'voip_integrations', key: integration.crm_token, value }]
        return { changes, result: [] as VoipWarning[] }
      }
      if (!integration.enabled) {
        throw new VoipRefusal(
          {
            crm_token: [
              'crm_token names an integration that is disabled: send {"command": "setup", "type": "enable"} with this crm_token first.',
            ],
          },
          {
            code: 'integration-disabled',
            message:
              'the sources say only that events of a disabled integration "are not processed": production may answer 202 and drop it; the mock refuses so the test sees it (voip contract, section 2)',
          },
        )
      }
      const route = pickRoute(integration.routes, body)
      if (!route) {
        const warning = {
          code: 'voip-unrouted',
          message: `no route of this crm_token takes user ${JSON.stringify(body.user ?? null)} or diversion "${body.diversion}": the call was kept nowhere (routes: GET /__mock/voip/integrations)`,
        }
        return { changes: [], result: [warning] }
      }
      const client = this.clients.match(route.location_id, body.phone as string, latest)
      const tz = worldOf(this.seed, route.location_id).tz
      if (body.command === 'event') {
        if (body.type !== 'incoming') {
          const warning = {
            code: 'voip-not-displayed',
            message: `notifications are displayed only for "incoming" (voip contract, section 2): this "${body.type}" showed nothing`,
          }
          return { changes: [], result: [warning] }
        }
        notification = {
          location_id: route.location_id,
          staff_id: route.staff_id ?? null,
          crm_token: integration.crm_token,
          phone: body.phone as string,
          diversion: body.diversion as string,
          user: body.user ?? null,
          client: client
            ? { id: client.id, name: client.name, phone: client.phone, email: client.email }
            : null,
          created_at: isoTime(this.clock().getTime(), tz),
        }
        return { changes: [], result: [] }
      }
      const key = String(route.location_id)
      const list = latest.get('voip_calls', key) ?? { last_id: 0, calls: [] }
      const ms = body.date === undefined ? this.clock().getTime() : parseDateTime(body.date, tz)
      const call: StoredCall = {
        id: list.last_id + 1,
        client_id: client?.id ?? 0,
        caller_phone: body.phone as string,
        record_link: body.link ?? '',
        duration: Math.round(body.duration ?? 0),
        status: body.status ?? 'success',
        type: body.type as CallType,
        call_date: isoTime(ms, tz),
        date_ms: ms,
        staff_id: route.staff_id ?? null,
        call_id: body.call_id ?? null,
        crm_token: integration.crm_token,
      }
      // Past the bound the oldest call goes (voip contract, section 5).
      const calls = [...list.calls, call].slice(-MAX_CALLS)
      const value: StoredCallList = { last_id: call.id, calls }
      return {
        changes: [{ op: 'put', collection: 'voip_calls', key, value }],
        result: [] as VoipWarning[],
      }
    })
    if (notification) this.notifications.add(notification)
    return warnings
  }

  /** A page of a location's calls, newest first, and how many match. */
  calls(locationId: number, filter: CallsFilter): { calls: VoipCall[]; total: number } {
    const list = this.store.get('voip_calls', String(locationId))
    const phone = filter.phone === undefined ? undefined : digits(filter.phone)
    const matching = (list?.calls ?? []).filter(
      (call) =>
        call.date_ms >= filter.from &&
        call.date_ms <= filter.to &&
        (phone === undefined || digits(call.caller_phone) === phone) &&
        (filter.types === undefined || filter.types.includes(call.type)) &&
        (filter.statuses === undefined || filter.statuses.includes(call.status)),
    )
    matching.sort((a, b) => b.date_ms - a.date_ms || b.id - a.id)
    const start = (filter.page - 1) * filter.limit
    const calls = matching.slice(start, start + filter.limit).map(listed)
    return { calls, total: matching.length }
  }

  /** Checks the calls query; throws VoipRefusal by field. */
  callsFilter(
    locationId: number,
    query: {
      date_from: string
      date_to: string
      phone?: string | undefined
      types?: string[] | undefined
      statuses?: string[] | undefined
      page?: string | undefined
      limit?: string | undefined
    },
  ): CallsFilter {
    const tz = worldOf(this.seed, locationId).tz
    const errors: FieldErrors = {}
    const from = parseBound(query.date_from, tz, false)
    const to = parseBound(query.date_to, tz, true)
    const dateRule =
      'must be a day (2026-03-14) or an ISO 8601 date-time (2026-03-14T10:30:00+03:00)'
    if (Number.isNaN(from))
      errors.date_from = [`date_from ${dateRule}, got ${JSON.stringify(query.date_from)}.`]
    if (Number.isNaN(to))
      errors.date_to = [`date_to ${dateRule}, got ${JSON.stringify(query.date_to)}.`]
    const oneOf = (field: string, values: string[] | undefined, allowed: readonly string[]) => {
      const wrong = (values ?? []).filter((value) => !allowed.includes(value))
      if (wrong.length > 0) {
        errors[field] = [
          `${field} must be among ${allowed.join(', ')}, got ${wrong.map((w) => JSON.stringify(w)).join(', ')}.`,
        ]
      }
    }
    oneOf('types', query.types, CALL_TYPES)
    oneOf('statuses', query.statuses, CALL_STATUSES)
    const integer = (field: string, text: string | undefined, fallback: number, max: number) => {
      if (text === undefined) return fallback
      const value = /^[0-9]{1,9}$/.test(text) ? Number(text) : Number.NaN
      if (!(value >= 1 && value <= max)) {
        errors[field] = [
          `${field} must be an integer from 1 to ${max}, got ${JSON.stringify(text)}.`,
        ]
      }
      return value
    }
    const page = integer('page', query.page, 1, 1_000_000)
    const limit = integer('limit', query.limit, LIST_BOUNDS.limit, LIST_BOUNDS.maxLimit)
    if (Object.keys(errors).length > 0) throw new VoipRefusal(errors)
    return {
      from,
      to,
      phone: query.phone,
      types: query.types as CallType[] | undefined,
      statuses: query.statuses as CallStatus[] | undefined,
      page,
      limit,
    }
  }

  /**
   * What a reset commits: a location's calls and the tokens whose every
   * route is there; after a global clear, the start tokens again.
   */
  resetChanges(locationId?: number): Change[] {
    if (locationId === undefined) {
      return this.#start.map((value) => ({
        op: 'put',
        collection: 'voip_integrations',
        key: value.crm_token,
        value,
      }))
    }
    const changes: Change[] = []
    const key = String(locationId)
    if (this.store.latest.get('voip_calls', key)) {
      changes.push({ op: 'delete', collection: 'voip_calls', key })
    }
    for (const [token, integration] of this.store.latest.entries('voip_integrations')) {
      if (integration.routes.every((route) => route.location_id === locationId)) {
        changes.push({ op: 'delete', collection: 'voip_integrations', key: token })
      }
    }
    return changes
  }
}

function toStored(input: VoipIntegrationInput | StoredVoipIntegration): StoredVoipIntegration {
  return {
    crm_token: input.crm_token,
    routes: input.routes.map((route) => ({ ...route })),
    enabled: input.enabled ?? false,
    application_id: 'application_id' in input ? input.application_id : null,
  }
}

/** user first, then diversion (digits only), then a catch-all (voip contract, section 2). */
function pickRoute(routes: VoipRoute[], body: VoipEventBody): VoipRoute | undefined {
  if (body.user !== undefined) {
    const byUser = routes.find((route) => route.user === body.user)
    if (byUser) return byUser
  }
  const diversion = digits(body.diversion ?? '')
  const byDiversion = routes.find(
    (route) => route.diversion !== undefined && digits(route.diversion) === diversion,
  )
  return (
    byDiversion ?? routes.find((route) => route.user === undefined && route.diversion === undefined)
  )
}

/** The fields each command needs, beyond the schema (voip contract, section 2). */
function checkFields(body: VoipEventBody): void {
  const errors: FieldErrors = {}
  const types = TYPES_OF[body.command]
  if (!types.includes(body.type)) {
    errors.type = [
      `type must be ${types.join(' or ')} for command "${body.command}", got ${JSON.stringify(body.type)}.`,
    ]
  }
  if (body.command !== 'setup') {
    for (const field of ['phone', 'diversion'] as const) {
      const value = body[field]
      if (value === undefined)
        errors[field] = [
          `${field} is required for command "${body.command}": phone is the caller's number, diversion the number called.`,
        ]
      else if (digits(value) === '')
        errors[field] = [
          `${field} must hold digits, e.g. "71010001100", got ${JSON.stringify(value)}.`,
        ]
    }
  }
  if (body.command === 'history' && body.date !== undefined) {
    if (Number.isNaN(parseDateTime(body.date, 0)) || !/(Z|[+-]\d{2}:?\d{2})$/.test(body.date)) {
      errors.date = [
        `date must be an ISO 8601 date-time with its offset, e.g. "2018-03-20T12:00:28+00:00", got ${JSON.stringify(body.date)}.`,
      ]
    }
  }
  if (Object.keys(errors).length > 0) throw new VoipRefusal(errors)
}

const listed = (call: StoredCall): VoipCall => ({
  id: call.id,
  client_id: call.client_id,
  caller_phone: call.caller_phone,
  record_link: call.record_link,
  duration: call.duration,
  status: call.status,
  type: call.type,
  call_date: call.call_date,
})
