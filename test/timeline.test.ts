// GET /__mock/events/stream: the live timeline the dashboard and `tail` read.

import { EventEmitter } from 'node:events'
import type { ServerResponse } from 'node:http'
import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { RequestJournal } from '../src/control/request-journal.js'
import { HISTORY_BOUNDS, TIMELINE_BOUNDS, Timeline } from '../src/control/timeline.js'
import { fullBody, HEADERS, testMock } from './helpers.js'
import { APPLICATION, OWNER_HEADERS, PARTNER_HEADERS } from './marketplace-helpers.js'
import { startReceiver } from './receiver.js'
import { entryOf, openStream, type SseEvent } from './sse.js'

const time = expect.stringMatching(/^2\d{3}-\d\d-\d\dT/)

async function trigger(url: string, location: number, body: unknown) {
  const response = await fetch(`${url}/__mock/locations/${location}/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return response.json()
}

describe('GET /__mock/events/stream', () => {
  it('streams a request, a trigger, its delivery and each attempt, linked cause to effect', async () => {
    const receiver = await startReceiver((n) => (n === 1 ? 500 : 200))
    const other = await startReceiver()
    const m = await testMock({ port: 0, deliveryRetries: 2, deliveryRetryDelayMs: 50 })
    await m.seed(7, fullBody([receiver.url], { record: 1 }))
    await m.seed(8, fullBody([other.url], { record: 1 }))
    const stream = await openStream(`${m.url}/__mock/events/stream?location_id=7`)
    expect(stream.status).toBe(200)
    expect(stream.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    // Nothing happened yet: no backlog, and the stream's seq.
    expect(await stream.next()).toEqual({
      id: `${m.app.mock.timeline.stream}.1`,
      event: 'ready',
      data: '{"seq":1,"resumed":false}',
    })
    await fetch(`${m.url}/api/v1/hooks_settings/7`, { headers: HEADERS })
    // Another location's event is not this stream's.
    await trigger(m.url, 8, { resource: 'record', status: 'create', resource_id: 2 })
    await trigger(m.url, 7, { resource: 'record', status: 'create', resource_id: 1 })
    const events = await stream.until((e) => e.data.includes('"state":"delivered"'))
    const entries = events.map(entryOf)
    expect(events.map((e) => e.event)).toEqual(['entry', 'entry', 'entry', 'entry', 'entry'])
    // Each entry's SSE id is its seq, and seqs only grow (location 8's entries took some).
    const seqs = entries.map((e) => e.seq as number)
    expect(events.map((e) => e.id)).toEqual(
      seqs.map((seq) => `${m.app.mock.timeline.stream}.${seq}`),
    )
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs)
    const { data: _d, ...delivery } = entries[2] as { data: unknown }
    expect([entries[0], entries[1], delivery, entries[3], entries[4]]).toEqual([
      {
        id: 'request:1',
        seq: 2,
        time,
        location_id: 7,
        kind: 'request',
        failed: false,
        summary: expect.stringMatching(/^GET \/api\/v1\/hooks_settings\/7 -> 200, [0-9.]+ ms$/),
        cause: null,
        effects: [],
        data: {
          id: 1,
          time,
          method: 'GET',
          path: '/api/v1/hooks_settings/7',
          location_id: 7,
          status_code: 200,
          fault_id: null,
          warnings: [],
          body: null,
          duration_ms: expect.any(Number),
        },
      },
      {
        id: 'trigger:2',
        seq: seqs[1],
        time,
        location_id: 7,
        kind: 'trigger',
        failed: false,
        summary: 'trigger record create 1: deliveries 2',
        cause: null,
        effects: ['delivery:2'],
        data: {
          events: [{ resource: 'record', status: 'create', resource_id: 1 }],
          result: {
            delivery_ids: [2],
            events: [
              {
                resource: 'record',
                status: 'create',
                resource_id: 1,
                delivery_ids: [2],
                skipped: null,
                skipped_urls: [],
              },
            ],
          },
        },
      },
      {
        id: 'delivery:2',
        seq: seqs[2],
        time,
        location_id: 7,
        kind: 'delivery',
        failed: false,
        summary: `delivery 2: record create 1 to ${receiver.url}`,
        cause: 'trigger:2',
        effects: [],
      },
      {
        id: 'attempt:2.1',
        seq: seqs[3],
        time,
        location_id: 7,
        kind: 'attempt',
        failed: true,
        summary: expect.stringMatching(
          new RegExp(
            `^attempt 1 of delivery 2 \\(record create\\) to ${receiver.url}: HTTP 500, [0-9.]+ ms, retrying, retry at 2`,
          ),
        ),
        cause: 'delivery:2',
        effects: [],
        data: {
          delivery_id: 2,
          url: receiver.url,
          resource: 'record',
          status: 'create',
          attempt: 1,
          started_at: time,
          duration_ms: expect.any(Number),
          status_code: 500,
          error: null,
          state: 'retrying',
          next_retry_at: time,
        },
      },
      {
        id: 'attempt:2.2',
        seq: seqs[4],
        time,
        location_id: 7,
        kind: 'attempt',
        failed: false,
        summary: expect.stringMatching(/: HTTP 200, [0-9.]+ ms, delivered$/),
        cause: 'delivery:2',
        effects: [],
        data: expect.objectContaining({ attempt: 2, status_code: 200, state: 'delivered' }),
      },
    ])
    // A redelivery names the delivery it sends again as its cause.
    const again = await fetch(`${m.url}/__mock/deliveries/2/redeliver`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })
    expect(await again.json()).toEqual({ success: true, data: { delivery_id: 3 }, meta: [] })
    const redelivery = entryOf(await stream.next())
    expect([redelivery.id, redelivery.cause, redelivery.summary]).toEqual([
      'delivery:3',
      'delivery:2',
      `delivery 3: record create 1 to ${receiver.url} (redelivery of 2)`,
    ])
    // The delivery as it was made: its payload, nothing sent yet.
    expect((entries[2] as { data: unknown }).data).toEqual({
      ...m.app.mock.deliveries.get(2),
      state: 'scheduled',
      attempts: [],
      finished_at: null,
    })
  })

  it('gives a new client the backlog; a reconnect with Last-Event-ID gets only what it missed', async () => {
    const receiver = await startReceiver()
    const m = await testMock({ port: 0 })
    await m.seed(3, fullBody([receiver.url], { client: 1 }))
    await fetch(`${m.url}/api/v1/hooks_settings/3`, { headers: HEADERS })
    await m.trigger(3, { resource: 'client', status: 'update', resource_id: 9 })
    await m.deliveries.waitFor({ location_id: 3 })
    const first = await openStream(`${m.url}/__mock/events/stream`)
    const id = (seq: number) => `${m.app.mock.timeline.stream}.${seq}`
    const backlog = await first.until((e) => e.event === 'ready')
    // The trigger too, made while no one listened, and the delivery names it as its cause.
    expect(
      backlog.map((e) => [
        e.event,
        e.id,
        e.event === 'entry' && entryOf(e).id,
        e.event === 'entry' && entryOf(e).cause,
      ]),
    ).toEqual([
      ['entry', undefined, 'request:1', null],
      ['entry', undefined, 'trigger:1', null],
      ['entry', undefined, 'delivery:1', 'trigger:1'],
      ['entry', undefined, 'attempt:1.1', 'delivery:1'],
      ['ready', id(1), false, false],
    ])
    expect(backlog.slice(0, 4).map((e) => entryOf(e).seq)).toEqual([null, null, null, null])
    expect(entryOf(backlog[1] as SseEvent).effects).toEqual(['delivery:1'])
    await fetch(`${m.url}/api/v1/hooks_settings/3`, { headers: HEADERS })
    const seen = await first.next()
    expect([seen.id, entryOf(seen).id]).toEqual([id(2), 'request:2'])
    first.close()
    // Missed while away: the stream kept recording.
    await fetch(`${m.url}/api/v1/hooks_settings/3`, { headers: HEADERS })
    await fetch(`${m.url}/api/v1/hooks_settings/4`, { headers: HEADERS })
    const again = await openStream(`${m.url}/__mock/events/stream?location_id=3`, {
      'last-event-id': id(2),
    })
    const missed = await again.until((e) => e.event === 'ready')
    expect(missed.map((e) => [e.event, e.id, e.event === 'entry' && entryOf(e).id])).toEqual([
      ['entry', id(3), 'request:3'],
      ['ready', id(4), false],
    ])
    expect(JSON.parse((missed[1] as { data: string }).data)).toEqual({ seq: 4, resumed: true })
    // `after` takes the bare seq too.
    const bare = await openStream(`${m.url}/__mock/events/stream?location_id=3&after=3`)
    expect((await bare.until((e) => e.event === 'ready')).map((e) => e.data)).toEqual([
      '{"seq":4,"resumed":true}',
    ])
    // Another stream's id (a mock that restarted since) gets the backlog, whatever its seq.
    const other = m.app.mock.timeline.stream === '00000000' ? '11111111' : '00000000'
    const restarted = await openStream(`${m.url}/__mock/events/stream?location_id=3`, {
      'last-event-id': `${other}.2`,
    })
    expect((await restarted.until((e) => e.event === 'ready')).map((e) => e.event)).toEqual([
      'entry',
      'entry',
      'entry',
      'entry',
      'entry',
      'entry',
      'ready',
    ])
    // A seq the stream never gave gets the backlog.
    const bogus = await openStream(`${m.url}/__mock/events/stream?location_id=3&after=99`)
    const all = await bogus.until((e) => e.event === 'ready')
    expect(all.map((e) => e.event === 'entry' && entryOf(e).id)).toEqual([
      'request:1',
      'trigger:1',
      'delivery:1',
      'attempt:1.1',
      'request:2',
      'request:3',
      false,
    ])
  })

  it("streams a marketplace transition, and names it as its callback's cause", async () => {
    const receiver = await startReceiver()
    const m = await testMock({
      port: 0,
      applications: [{ ...APPLICATION, callback_url: receiver.url }],
    })
    const stream = await openStream(`${m.url}/__mock/events/stream?location_id=5`)
    await stream.until((e) => e.event === 'ready')
    const post = async (path: string, headers: Record<string, string>, body?: unknown) => {
      const response = await fetch(`${m.url}${path}`, {
        method: 'POST',
        headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
      return response.status
    }
    expect([
      await post('/api/v1/company/5/marketplace/applications/7/grant_access', OWNER_HEADERS),
      await post('/marketplace/partner/callback', PARTNER_HEADERS, {
        salon_id: 5,
        application_id: 7,
        api_key: 'key',
      }),
      await post('/marketplace/salon/5/application/7/uninstall', PARTNER_HEADERS),
    ]).toEqual([200, 201, 200])
    const events = await stream.until((e) => entryOf(e).kind === 'attempt')
    const entries = events.map(entryOf)
    const uninstall = entries.find((e) => e.summary.includes('uninstall application'))
    expect(entries.map((e) => [e.kind, e.summary, e.cause])).toEqual([
      [
        'transition',
        'marketplace: grant application 7: uninstalled -> pending (marketplace)',
        null,
      ],
      [
        'request',
        expect.stringMatching(/^POST \/api\/v1\/company\/5\/.*grant_access -> 200, /),
        null,
      ],
      ['transition', 'marketplace: activate application 7: pending -> active (partner_api)', null],
      // The partner's callback names its location in the body: the journal reads it there.
      ['request', expect.stringMatching(/^POST \/marketplace\/partner\/callback -> 201, /), null],
      [
        'transition',
        'marketplace: uninstall application 7: active -> uninstalled (partner_api)',
        null,
      ],
      ['delivery', `delivery 1: application uninstall 7 to ${receiver.url}`, uninstall?.id],
      ['request', expect.stringMatching(/\/uninstall -> 200, /), null],
      ['attempt', expect.stringMatching(/: HTTP 200, .* delivered$/), 'delivery:1'],
    ])
    expect(m.app.mock.requests.list().map((r) => r.location_id)).toEqual([5, 5, 5])
    // A page opened later reads the transitions from the history, the callback linked to its cause.
    const later = await openStream(`${m.url}/__mock/events/stream?location_id=5`)
    const backlog = (await later.until((e) => e.event === 'ready')).slice(0, -1).map(entryOf)
    expect(backlog.map((e) => [e.id, e.kind, e.cause, e.effects])).toEqual([
      ['transition:1', 'transition', null, []],
      ['request:1', 'request', null, []],
      ['transition:2', 'transition', null, []],
      ['request:2', 'request', null, []],
      ['transition:3', 'transition', null, ['delivery:1']],
      ['delivery:1', 'delivery', 'transition:3', []],
      ['request:3', 'request', null, []],
      ['attempt:1.1', 'attempt', 'delivery:1', []],
    ])
  })

  it('GET /__mock/timeline lists what the stream sends first, in the envelope', async () => {
    const receiver = await startReceiver()
    const m = await testMock({ port: 0 })
    await m.seed(3, fullBody([receiver.url], { client: 1 }))
    await m.trigger(3, { resource: 'client', status: 'update', resource_id: 9 })
    await m.deliveries.waitFor({ location_id: 3 })
    const response = await fetch(`${m.url}/__mock/timeline?location_id=3`)
    expect(response.status).toBe(200)
    const body = (await response.json()) as { data: { id: string }[] }
    expect(body).toEqual({
      success: true,
      data: m.app.mock.timeline.entries({ location_id: 3 }),
      meta: { count: 3 },
    })
    expect(body.data.map((e) => e.id)).toEqual(['trigger:1', 'delivery:1', 'attempt:1.1'])
    const failed = await fetch(`${m.url}/__mock/timeline?failed=true`)
    expect(await failed.json()).toEqual({ success: true, data: [], meta: { count: 0 } })
    const refused = await fetch(`${m.url}/__mock/timeline?failed=yes`)
    expect([refused.status, await refused.json()]).toEqual([
      422,
      {
        success: false,
        data: null,
        meta: {
          message: 'An error has occurred.',
          errors: { failed: ['failed must be true or false, got "yes".'] },
        },
      },
    ])
  })

  it('refuses a misspelt filter in the envelope', async () => {
    const m = await testMock({ port: 0 })
    const response = await fetch(`${m.url}/__mock/events/stream?location=3`)
    expect(response.status).toBe(422)
    expect(await response.json()).toEqual({
      success: false,
      data: null,
      meta: {
        message: 'An error has occurred.',
        errors: {
          location: [
            'location is not a field here; remove it (fields: location_id, failed, after).',
          ],
        },
      },
    })
  })
})

/** A response whose socket never drains: each write stays unsent. */
function stuckResponse() {
  const response = new EventEmitter() as EventEmitter & {
    destroyed: boolean
    writableLength: number
    writeHead(): void
    write(chunk: string): boolean
    destroy(): void
  }
  Object.assign(response, {
    destroyed: false,
    writableLength: 0,
    writeHead() {},
    write(chunk: string) {
      response.writableLength += chunk.length
      return false
    },
    destroy() {
      response.destroyed = true
      response.emit('close')
    },
  })
  return response
}

/** A request journal of `maxRequests`, with room for their bodies. */
const journal = (maxRequests = 10) =>
  new RequestJournal({
    maxRequests,
    maxRequestBytes: maxRequests * 1000,
    maxJournaledBodyBytes: maxRequests * 10,
  })

/** A response a client reads the stream from, written as a socket would be. */
function streamResponse(): PassThrough {
  const response = new PassThrough()
  Object.assign(response, { writeHead: () => response })
  return response
}

/** An installation granted: a transition the timeline keeps. */
const grant = (timeline: Timeline, location: number, application: number) =>
  timeline.transition(
    'grant',
    'uninstalled',
    { location_id: location, application_id: application, status: 'pending' } as never,
    'marketplace',
  )

describe('Timeline', () => {
  it('records only while a client listens, and a linger after: the request journal is not watched otherwise', async () => {
    const requests = journal()
    const timeline = new Timeline({ requests, deliveries: { list: () => [] } }, () => new Date(), {
      ...TIMELINE_BOUNDS,
      lingerMs: 20,
    })
    expect([timeline.recording, requests.watcher]).toEqual([false, null])
    const response = streamResponse()
    timeline.open(response as unknown as ServerResponse, {}, undefined)
    expect([timeline.recording, typeof requests.watcher, timeline.clients]).toEqual([
      true,
      'function',
      1,
    ])
    response.destroy()
    await new Promise((resolve) => setTimeout(resolve, 5))
    expect([timeline.recording, timeline.clients]).toEqual([true, 0])
    await new Promise((resolve) => setTimeout(resolve, 40))
    expect([timeline.recording, requests.watcher]).toEqual([false, null])
  })

  it('drops a client that leaves too many entries or bytes unsent, and counts what it left', () => {
    const requests = journal()
    const timeline = new Timeline({ requests, deliveries: { list: () => [] } }, () => new Date(), {
      ...TIMELINE_BOUNDS,
      // The ready event, then three entries, fit; a fourth does not.
      maxUnsentEntries: 4,
      maxUnsentBytes: 1_000_000,
    })
    const slow = stuckResponse()
    timeline.open(slow as unknown as ServerResponse, {}, undefined)
    expect(timeline.clients).toBe(1)
    for (let n = 1; n <= 3; n++) grant(timeline, 1, n)
    expect([timeline.clients, slow.destroyed]).toEqual([1, false])
    grant(timeline, 1, 4)
    expect([timeline.clients, slow.destroyed]).toEqual([0, true])
    const { unsent_bytes, ...drops } = timeline.drops
    expect(drops).toEqual({ clients: 1, unsent_entries: 5 })
    expect(unsent_bytes).toBeGreaterThan(5 * 100)
  })

  it('drops a client by bytes unsent too', () => {
    const timeline = new Timeline(
      { requests: journal(), deliveries: { list: () => [] } },
      () => new Date(),
      { ...TIMELINE_BOUNDS, maxUnsentEntries: 1000, maxUnsentBytes: 600 },
    )
    const slow = stuckResponse()
    timeline.open(slow as unknown as ServerResponse, {}, undefined)
    grant(timeline, 1, 1)
    expect(timeline.clients).toBe(1)
    grant(timeline, 1, 2)
    grant(timeline, 1, 3)
    expect([timeline.clients, timeline.drops.clients]).toEqual([0, 1])
    expect(timeline.drops.unsent_bytes).toBeGreaterThan(600)
  })
})

describe('Timeline: repeated requests', () => {
  /** A journal entry as the request hooks add it, without fastify. */
  const add = (
    requests: RequestJournal,
    request: { url?: string; method?: string; body?: unknown; location?: string },
    status = 200,
    extra: { mockWarnings?: unknown; mockFault?: number | null } = {},
  ) =>
    requests.add(
      {
        params: { location_id: request.location ?? '1' },
        method: request.method ?? 'GET',
        url: request.url ?? '/api/v1/hooks_settings/1',
        body: request.body,
        bodyBytes: request.body === undefined ? 0 : JSON.stringify(request.body).length,
        longBodyText: null,
        mockWarnings: extra.mockWarnings ?? null,
        mockFault: extra.mockFault ?? null,
      } as never,
      { statusCode: status, elapsedTime: 0.5 } as never,
    )

  /** What a client reads, as entries, once `count` of them have come. */
  async function entries(response: PassThrough, count: number) {
    let text = ''
    response.on('data', (chunk) => {
      text += chunk
    })
    const parsed = () =>
      text
        .split('\n\n')
        .filter((block) => block.includes('event: entry'))
        .map((block) => JSON.parse(block.slice(block.indexOf('data: ') + 6)))
    for (let waited = 0; parsed().length < count && waited < 2000; waited += 10)
      await new Promise((resolve) => setTimeout(resolve, 10))
    return parsed()
  }

  it('shows a run of plain requests answered alike as one entry with its count; anything else ends the run', async () => {
    const requests = journal(100)
    const timeline = new Timeline({ requests, deliveries: { list: () => [] } }, () => new Date())
    const response = streamResponse()
    timeline.open(response as unknown as ServerResponse, {}, undefined)
    for (let n = 0; n < 4; n++) add(requests, {}) // 1-4: one run
    add(requests, {}, 401) // 5: refused, never part of a run
    add(requests, {}) // 6, 7: a run again
    add(requests, {})
    add(requests, { location: '2', url: '/api/v1/hooks_settings/2' }) // 8: another path
    add(requests, { method: 'POST', body: { urls: [] } }) // 9: a body
    add(requests, {}, 200, { mockWarnings: [{ code: 'x', message: 'y' }] }) // 10: a warning
    add(requests, {}, 200, { mockFault: 3 }) // 11: a fault
    add(requests, {}) // 12: a run of one is a plain entry
    const seen = await entries(response, 8)
    timeline.close()
    expect(
      seen.map((e) => [e.id, e.seq, e.failed, e.repeats ?? null, e.data.id, e.summary]),
    ).toEqual([
      [
        'request:4',
        2,
        false,
        { count: 4, first_id: 1, first_time: time },
        4,
        expect.stringMatching(
          /^GET \/api\/v1\/hooks_settings\/1 -> 200, 4 times in \d+ ms \(requests 1 to 4\)$/,
        ),
      ],
      ['request:5', 3, true, null, 5, 'GET /api/v1/hooks_settings/1 -> 401, 0.5 ms'],
      [
        'request:7',
        4,
        false,
        { count: 2, first_id: 6, first_time: time },
        7,
        expect.stringMatching(/, 2 times in \d+ ms \(requests 6 to 7\)$/),
      ],
      ['request:8', 5, false, null, 8, 'GET /api/v1/hooks_settings/2 -> 200, 0.5 ms'],
      ['request:9', 6, false, null, 9, 'POST /api/v1/hooks_settings/1 -> 200, 0.5 ms'],
      [
        'request:10',
        7,
        false,
        null,
        10,
        'GET /api/v1/hooks_settings/1 -> 200, 1 warning(s), 0.5 ms',
      ],
      ['request:11', 8, false, null, 11, 'GET /api/v1/hooks_settings/1 -> 200 (fault 3), 0.5 ms'],
      ['request:12', 9, false, null, 12, 'GET /api/v1/hooks_settings/1 -> 200, 0.5 ms'],
    ])
    // A repeat's data is its last request's journal entry.
    expect(seen[0].data).toEqual(requests.get(4))
  })

  it('over HTTP: every request is counted once, and each entry names the requests it stands for', async () => {
    const m = await testMock({ port: 0 })
    await m.seed(3, fullBody(['http://127.0.0.1:9/hook']))
    const stream = await openStream(`${m.url}/__mock/events/stream?location_id=3`)
    await stream.until((e) => e.event === 'ready')
    await Promise.all(
      Array.from({ length: 30 }, () =>
        fetch(`${m.url}/api/v1/hooks_settings/3`, { headers: HEADERS }).then((r) => r.text()),
      ),
    )
    const shown: { first: number; last: number }[] = []
    let counted = 0
    while (counted < 30) {
      const entry = entryOf(await stream.next())
      const first = entry.repeats?.first_id ?? (entry.data as { id: number }).id
      const last = (entry.data as { id: number }).id
      expect(entry.repeats?.count ?? 1).toBe(last - first + 1)
      shown.push({ first, last })
      counted += last - first + 1
    }
    // In order, none twice, none left out.
    const after = shown.map(
      (s, n) => s.first - (n === 0 ? 0 : (shown[n - 1] as { last: number }).last),
    )
    expect(after).toEqual(shown.map(() => 1))
    expect(shown.at(-1)?.last).toBe(30)
    // A load of identical requests is far fewer entries than requests.
    expect(shown.length).toBeLessThan(30)
    expect(m.app.mock.requests.list({ location_id: 3 })).toHaveLength(30)
  })
})

describe('Timeline: the history of triggers and transitions', () => {
  /** The backlog a new client gets, as entry ids. */
  async function backlog(timeline: Timeline, location?: number): Promise<string[]> {
    let text = ''
    const response = streamResponse()
    response.on('data', (chunk) => {
      text += chunk
    })
    timeline.open(
      response as unknown as ServerResponse,
      location === undefined ? {} : { location_id: location },
      undefined,
    )
    while (!text.includes('event: ready')) await new Promise((resolve) => setTimeout(resolve, 10))
    response.destroy()
    return [...String(text).matchAll(/"id":"([a-z]+:[0-9.]+)"/g)].map((m) => m[1] as string)
  }

  it('keeps them though no one listened, within its bounds, and a reset forgets a location', async () => {
    const timeline = new Timeline(
      { requests: journal(), deliveries: { list: () => [] } },
      () => new Date(),
    )
    expect(timeline.recording).toBe(false)
    for (let n = 1; n <= HISTORY_BOUNDS.maxEntries + 2; n++) grant(timeline, n % 2 === 0 ? 2 : 3, n)
    // The first two went out with the bound; the backlog shows the newest 500.
    const all = new Set(await backlog(timeline))
    expect([
      all.size,
      all.has('transition:1'),
      all.has('transition:2'),
      all.has('transition:3'),
    ]).toEqual([HISTORY_BOUNDS.maxEntries, false, false, true])
    timeline.reset(2)
    expect(await backlog(timeline, 2)).toEqual([])
    expect(await backlog(timeline, 3)).toHaveLength(HISTORY_BOUNDS.maxEntries / 2)
    timeline.reset()
    expect(await backlog(timeline)).toEqual([])
    timeline.close()
  })
})
