import { readFile } from 'node:fs/promises'
import { expect } from 'vitest'
import { WaitEndedError } from '../src/deliveries/waiters.js'
import { allFlags, expectedSettings, fullBody } from './helpers.js'
import {
  type Case,
  getSettings,
  record,
  rejection,
  type StartMock,
  sameAnswers,
  sleep,
} from './parity.js'
import { clockCases } from './parity-clock.js'
import { deliveryCases } from './parity-deliveries.js'
import { marketplaceCases } from './parity-marketplace.js'
import { stateCases } from './parity-state.js'
import { voipCases } from './parity-voip.js'

/** What a location without settings answers. */
const blank = (company_id: number) => ({
  urls: [''],
  active: 0,
  ...allFlags(0),
  company_id,
  url_settings: [],
})

/**
 * Every method of AltegioMock, its answers and its errors: written once, run
 * against each way of reaching a mock (`start`), each answer compared with
 * the local mock's (`reference`).
 */
export function parityCases(start: StartMock, reference: StartMock): void {
  const same: Case = (name, script, options) => sameAnswers(start, reference, name, script, options)

  same('seeds, reads and sets options, answering whole settings', async (mock, receiver) => {
    const body = fullBody([receiver.url], { record: 1 })
    const seeded = await mock.seed(123, body)
    expect(seeded).toEqual(expectedSettings(body, 123))
    expect(await mock.settings(123)).toEqual(seeded)
    const perUrl = await mock.seed(124, {
      url_settings: [
        { url: `${receiver.url}/a`, active: 1, record: 1 },
        { url: `${receiver.url}/b`, active: 0 },
      ],
    })
    expect(perUrl.urls).toEqual([`${receiver.url}/a`, `${receiver.url}/b`])
    const options = await mock.setOptions(123, { backend: 'legacy', reorder: 2 })
    expect(options).toEqual({
      backend: 'legacy',
      duplicate_probability: 0,
      duplicate_every: 0,
      reorder: 2,
      delivery_delay_ms: 0,
    })
    expect(await mock.settings(999)).toEqual(blank(999))
    return { seeded, perUrl, options, after: await mock.settings(123) }
  })

  same('refuses bad input with the same TypeError', async (mock) => {
    const refused = {
      settings: await rejection(
        mock.seed(1, { urls: [], active: 3 } as never),
        TypeError,
        'settings.urls must be a list of 1 to 10 unique webhook URLs, e.g. ["https://example.com/altegio"], got [].',
      ),
      repeated: await rejection(
        mock.seed(1, {
          url_settings: [
            { url: 'https://a.example/h', active: 1 },
            { url: 'https://a.example/h', active: 0 },
          ],
        }),
        TypeError,
        'url_settings must not list a URL twice: url_settings[0].url and url_settings[1].url are both "https://a.example/h".',
      ),
      id: await rejection(
        mock.seed(0, fullBody()),
        TypeError,
        'locationId must be a positive integer, got 0.',
      ),
      fraction: await rejection(
        mock.settings(1.5),
        TypeError,
        'locationId must be a positive integer, got 1.5.',
      ),
      options: await rejection(
        mock.setOptions(1, { backend: 'old' } as never),
        TypeError,
        'options.backend must be one of current, legacy, got "old".',
      ),
      event: await rejection(
        mock.trigger(1, [record(1), { resource: 'record', status: 'made' } as never]),
        TypeError,
        'event 1 must be an event such as {"resource": "record", "status": "create", "resource_id": 1}, got {"resource":"record","status":"made"}.',
      ),
      // The schema lets it pass; the fault table refuses it (a 422 over HTTP).
      fault: await rejection(
        mock.faults.add({ kind: 'status' }),
        TypeError,
        'status is required for a status fault, e.g. 503.',
      ),
      reset: await rejection(
        mock.reset(-1),
        TypeError,
        'locationId must be a positive integer, got -1.',
      ),
    }
    // Nothing of it was kept.
    expect(await mock.settings(1)).toEqual(blank(1))
    expect(await mock.faults.list()).toEqual([])
    return refused
  })

  deliveryCases(same)

  same("lists and fixes a location's clients, refusing a bad fix alike", async (mock) => {
    const [first] = await mock.clients.list(5)
    const fixed = await mock.clients.fix(5, first?.id as number, { phone: '+13155550176' })
    expect(fixed).toEqual({ ...first, phone: '+13155550176', fixed: true })
    const refused = {
      fields: await rejection(
        mock.clients.fix(5, 3, { phone: 'x' }),
        TypeError,
        'fields.phone must be a phone number: an optional + then 5 to 20 digits, e.g. +13155550176, got "x".',
      ),
      empty: await rejection(
        mock.clients.fix(5, 3, {}),
        TypeError,
        'fields must give at least one of name, surname, phone, email, e.g. {"phone": "+13155550176"}, got {}.',
      ),
      id: await rejection(
        mock.clients.fix(5, 0, { name: 'A' }),
        TypeError,
        'clientId must be a positive integer, got 0.',
      ),
    }
    const list = await mock.clients.list(5)
    expect(list.filter((client) => client.fixed)).toEqual([fixed])
    await mock.reset(5)
    return { fixed, refused, list, after: await mock.clients.list(5) }
  })

  same(
    'lists the timeline, cause to effect, by location and failed only',
    async (mock, receiver) => {
      await mock.seed(31, fullBody([receiver.url], { record: 1 }))
      await mock.seed(32, fullBody([receiver.url], { record: 1 }))
      expect(await getSettings(mock, 31, 1)).toEqual([200])
      // Apart, so that the list's order (by time) is the order of the calls in both mocks.
      await sleep(5)
      const { delivery_ids } = await mock.trigger(31, record(7))
      await mock.deliveries.waitFor({ delivery_ids })
      await sleep(5)
      const anonymous = await fetch(`${mock.apiUrl}/hooks_settings/32`)
      expect(anonymous.status).toBe(401)
      const all = await mock.timeline()
      // Durations vary; the rest of a summary does not.
      const shown = (entries: typeof all) =>
        entries.map((e) => ({ ...e, summary: e.summary.replace(/[0-9.]+ ms/g, '<ms> ms') }))
      expect(all.map((e) => [e.id, e.kind, e.location_id, e.failed, e.cause, e.effects])).toEqual([
        ['request:1', 'request', 31, false, null, []],
        ['trigger:1', 'trigger', 31, false, null, ['delivery:1']],
        ['delivery:1', 'delivery', 31, false, 'trigger:1', []],
        ['attempt:1.1', 'attempt', 31, false, 'delivery:1', []],
        ['request:2', 'request', 32, true, null, []],
      ])
      const byLocation = await mock.timeline({ location_id: 32 })
      const failed = await mock.timeline({ failed: true })
      expect([byLocation, failed]).toEqual([[all[4]], [all[4]]])
      const refused = {
        field: await rejection(
          mock.timeline({ location: 3 } as never),
          TypeError,
          "location is not a field of the timeline's filter; remove it (fields: location_id, failed).",
        ),
        failed: await rejection(
          mock.timeline({ failed: 'yes' } as never),
          TypeError,
          'failed must be true or false, got "yes".',
        ),
        location: await rejection(
          mock.timeline({ location_id: 0 }),
          TypeError,
          'location_id must be a positive integer, got 0.',
        ),
      }
      await mock.reset(31)
      return {
        all: shown(all),
        byLocation: shown(byLocation),
        refused,
        after: shown(await mock.timeline()),
      }
    },
  )

  same('adds, lists and removes faults', async (mock) => {
    const fault = await mock.faults.add({ location_id: 9, status: 503, times: 1 })
    expect(fault).toEqual({
      id: 1,
      location_id: 9,
      method: null,
      route: 'hooks_settings',
      kind: 'status',
      times: 1,
      probability: 1,
      status: 503,
      message: null,
      headers: {},
      delay_ms: 0,
      fired: 0,
      active: true,
      created_at: expect.any(String),
      remove: expect.any(Function),
    })
    expect(await getSettings(mock, 9, 2)).toEqual([503, 200])
    const fired = await mock.faults.list()
    expect(fired).toEqual([{ ...fault, remove: undefined, fired: 1, active: false }])
    await fault.remove()
    await fault.remove() // gone already: no error, as locally
    const second = await mock.faults.add({ delay_ms: 10, route: 'any' })
    const listed = await mock.faults.list()
    await mock.faults.remove(second.id)
    const missing = await rejection(
      mock.faults.remove(second.id),
      TypeError,
      'No fault 2: it never existed, was removed, or a reset removed it.',
    )
    return { fault, fired, listed, missing, after: await mock.faults.list() }
  })

  same(
    'compares a captured webhook, reports it, refuses a bad one alike and clears',
    async (mock) => {
      const capture = JSON.parse(await readFile('test/fixtures/webhook-record.json', 'utf8'))
      delete capture.data.visit_id
      capture.data.loyalty_points = 3
      const compared = await mock.drift.compareWebhook(capture)
      expect(compared.differences.map(({ kind, path }) => `${kind} ${path}`)).toEqual([
        'missing data.loyalty_points',
        'extra data.visit_id',
        'extra data.comer_person_info',
        'extra data.short_link',
        'extra data.composite',
      ])
      const report = await mock.drift.report()
      expect(report).toMatchObject({ compared: 0, webhooks_compared: 1, dropped: 0 })
      expect(report.entries).toHaveLength(5)
      const refused = await rejection(
        mock.drift.compareWebhook({ resource: 'visit' }),
        TypeError,
        'The body resource must be one of company, service_category, service, good, staff, client, record, goods_operations_sale, goods_operations_receipt, goods_operations_consumable, goods_operations_stolen, goods_operations_move, finances_operation, loyalty_card, schedule, got "visit".',
      )
      await mock.drift.clear()
      const cleared = await mock.drift.report()
      expect(cleared).toEqual({
        compared: 0,
        drifted: 0,
        webhooks_compared: 0,
        dropped: 0,
        entries: [],
      })
      return {
        compared,
        report: {
          ...report,
          entries: report.entries.map(({ first_seen, last_seen, ...entry }) => entry),
        },
        refused,
        cleared,
      }
    },
  )

  same('resets one location, then everything', async (mock, receiver) => {
    for (const id of [1, 2]) {
      await mock.seed(id, fullBody([receiver.url], { record: 1 }))
      await mock.setOptions(id, { backend: 'legacy' })
      await mock.faults.add({ location_id: id, status: 500 })
      await mock.trigger(id, record(id))
    }
    await mock.deliveries.waitFor({ count: 2 })
    await mock.reset(1)
    expect(await mock.settings(1)).toEqual(blank(1))
    expect(await mock.settings(2)).toEqual(
      expectedSettings(fullBody([receiver.url], { record: 1 }), 2),
    )
    expect((await mock.deliveries.list()).map((d) => d.location_id)).toEqual([2])
    expect((await mock.faults.list()).map((f) => f.location_id)).toEqual([2])
    expect((await mock.setOptions(1, {})).backend).toBe('current')
    expect((await mock.setOptions(2, {})).backend).toBe('legacy')
    const afterOne = { deliveries: await mock.deliveries.list(), faults: await mock.faults.list() }
    await mock.reset()
    expect(await mock.settings(2)).toEqual(blank(2))
    expect(await mock.deliveries.list()).toEqual([])
    expect(await mock.faults.list()).toEqual([])
    expect((await mock.setOptions(2, {})).backend).toBe('current')
    return { afterOne }
  })

  same('ends a wait under way on close() with WaitEndedError', async (mock) => {
    const waiting = mock.deliveries.waitFor({ location_id: 4, timeoutMs: 5000 })
    const outcome = waiting.catch((error: unknown) => error)
    await sleep(100)
    await mock.close()
    const error = await outcome
    expect(error).toBeInstanceOf(WaitEndedError)
    // The messages differ: the local mock stops, a connection only lets go.
    return { error: (error as Error).name }
  })

  marketplaceCases(same)
  clockCases(same)
  stateCases(same)
  voipCases(same)
}
