import { repeatedUrls } from '../api/hooks-settings/settings-model.js'
import { webhookProblem } from '../drift/capture.js'
import { AltegioError, type FieldErrors } from '../http/errors.js'
import { describeValue } from '../http/validation-errors.js'
import { assertValid } from '../schemas/assert.js'
import { ClientFixBody } from '../schemas/clients.js'
import { LocationOptionsBody } from '../schemas/control.js'
import { TriggerEvent } from '../schemas/event.js'
import { FaultSpec } from '../schemas/faults.js'
import { SeedBody } from '../schemas/hooks-settings/settings.js'
import { POSITIVE_ID } from '../schemas/ids.js'
import { RedeliverAllBody, RedeliverBody, SnapshotName } from '../schemas/snapshots.js'

// The checks of values given in code, shared by startAltegioMock and
// connectAltegioMock: both refuse the same input with the same TypeError,
// before anything is sent or saved.

const checkSeedBody = assertValid(SeedBody)
const checkEvent = assertValid(TriggerEvent)
const checkFaultSpec = assertValid(FaultSpec)
const checkOptionsBody = assertValid(LocationOptionsBody)
const checkClientFixBody = assertValid(ClientFixBody)
const checkName = assertValid(SnapshotName)
const checkRedeliverBody = assertValid(RedeliverBody)
const checkRedeliverAllBody = assertValid(RedeliverAllBody)

/** An id as a route's path takes it: a positive integer of at most 15 digits. */
export function checkId(value: unknown, what: string): void {
  if (typeof value === 'number' && POSITIVE_ID.test(String(value))) return
  throw new TypeError(`${what} must be a positive integer, got ${describeValue(value)}.`)
}

/** The field errors of a 422 as one message, as the code API throws them. */
export const fieldErrorText = (errors: FieldErrors): string =>
  Object.values(errors).flat().join(' ')

export function checkSeed(settings: unknown): void {
  checkSeedBody(settings, 'settings')
  const repeated = repeatedUrls(settings as SeedBody)
  if (repeated) throw new TypeError(fieldErrorText(repeated))
}

/** One event or a list, as a list, every event checked. */
export function eventList(events: TriggerEvent | TriggerEvent[]): TriggerEvent[] {
  const list = Array.isArray(events) ? events : [events]
  for (const [index, event] of list.entries()) checkEvent(event, `event ${index}`)
  return list
}

/** `mock.timeline()`'s filter: refused as GET /__mock/timeline refuses its query. */
export function checkTimelineFilter(filter: unknown): void {
  if (typeof filter !== 'object' || filter === null || Array.isArray(filter))
    throw new TypeError(
      `filter must be an object ({location_id, failed}), got ${describeValue(filter)}.`,
    )
  const { location_id, failed, ...rest } = filter as Record<string, unknown>
  const extra = Object.keys(rest)
  if (extra.length > 0)
    throw new TypeError(
      `${extra[0]} is not a field of the timeline's filter; remove it (fields: location_id, failed).`,
    )
  if (location_id !== undefined) checkId(location_id, 'location_id')
  if (failed !== undefined && typeof failed !== 'boolean')
    throw new TypeError(`failed must be true or false, got ${describeValue(failed)}.`)
}

export function checkOptions(options: unknown): void {
  checkOptionsBody(options, 'options')
}

export function checkFault(spec: unknown): void {
  checkFaultSpec(spec, 'fault')
}

/** A webhook body as compareWebhook takes it; refused as POST /__mock/drift/webhooks refuses it. */
export function checkCapture(capture: unknown): void {
  const problem = webhookProblem(capture)
  if (problem) throw new TypeError(fieldErrorText({ body: [`The body ${problem}.`] }))
}

export const noFault = (id: number) =>
  new TypeError(`No fault ${id}: it never existed, was removed, or a reset removed it.`)

/** A client fix's location, client id and fields, as the PUT route checks them. */
export function checkClientFix(locationId: unknown, clientId: unknown, fields: unknown): void {
  checkId(locationId, 'locationId')
  checkId(clientId, 'clientId')
  checkClientFixBody(fields, 'fields')
}

export function checkSnapshotName(name: unknown): void {
  checkName(name, 'name')
}

export function checkRedeliver(options: unknown): void {
  checkRedeliverBody(options, 'options')
}

export function checkRedeliverFilter(filter: unknown): void {
  checkRedeliverAllBody(filter, 'filter')
}

/**
 * Runs a control call for the code API: a refusal the routes answer with a
 * 4xx is the TypeError connectAltegioMock throws for that answer.
 */
export async function inCode<T>(run: () => T | Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (error) {
    if (error instanceof AltegioError && error.statusCode < 500) {
      throw new TypeError(error.errors ? fieldErrorText(error.errors) : error.message)
    }
    throw error
  }
}
