import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { describe, expect, it } from 'vitest'
import { buildApp } from '../src/app.js'
import { Snapshots, takeSnapshot } from '../src/control/snapshots.js'
import { emptyState } from '../src/store/collections.js'
import { Store } from '../src/store/store.js'
import { allFlags, onCleanup, stored, tempDir, testApp, testMock } from './helpers.js'
import { install, marketplaceApp } from './marketplace-helpers.js'

const NOW = new Date('2026-05-01T10:00:00.000Z')
const body = (url: string) => ({ urls: [url], active: 1, ...allFlags(0), record: 1 })
const readJson = async (file: string) => JSON.parse(await readFile(file, 'utf8'))

async function call(app: FastifyInstance, method: string, url: string, payload?: unknown) {
  const res = await app.inject({
    method: method as 'GET',
    url,
    ...(payload === undefined ? {} : { payload: payload as object }),
  })
  return { status: res.statusCode, body: res.json() }
}

/** An app over a data file in a fresh folder; the store is closed by the test or after it. */
async function fileApp(file: string, options: Parameters<typeof buildApp>[0] = {}) {
  const store = await Store.open(file)
  const app = await buildApp({ checkResponses: true, now: () => NOW, ...options, store })
  let closed = false
  const close = async () => {
    if (closed) return
    closed = true
    await app.close()
    await store.close()
  }
  onCleanup(close)
  return { app, store, close }
}

const summary = (entries: Record<string, number>, bytes: number, name = 'seeded') => ({
  name,
  created_at: NOW.toISOString(),
  bytes,
  entries: {
    applications: 0,
    installations: 0,
    clients: 0,
    location_options: 0,
    faults: 0,
    ...entries,
  },
})

describe('snapshots', () => {
  it('keeps the whole state; a restore brings it back, on disk as well, and a restart starts from it', async () => {
    const file = join(await tempDir(), 'db.json')
    const { app, close } = await fileApp(file)
    await call(app, 'PUT', '/__mock/locations/1/settings', body('https://a.example/h'))
    await call(app, 'PUT', '/__mock/locations/1/options', { reorder: 2 })
    const fault = await call(app, 'POST', '/__mock/faults', { status: 503, location_id: 1 })
    const taken = await call(app, 'POST', '/__mock/snapshots', { name: 'seeded' })
    const kept = summary({ locations: 1, location_options: 1, faults: 1 }, 696)
    expect(taken).toEqual({ status: 201, body: { success: true, data: kept, meta: [] } })

    // Everything changes after the snapshot...
    await call(app, 'PUT', '/__mock/locations/1/settings', body('https://b.example/h'))
    await call(app, 'PUT', '/__mock/locations/2/settings', body('https://c.example/h'))
    await call(app, 'POST', '/__mock/reset')
    await call(app, 'PUT', '/__mock/locations/3/settings', body('https://d.example/h'))

    // ...and comes back.
    expect(await call(app, 'POST', '/__mock/snapshots/seeded/restore')).toEqual({
      status: 200,
      body: { success: true, data: kept, meta: [] },
    })
    expect((await call(app, 'GET', '/__mock/locations/1/settings')).body.data.urls).toEqual([
      'https://a.example/h',
    ])
    expect((await call(app, 'GET', '/__mock/locations/3/settings')).body.data.urls).toEqual([''])
    expect((await call(app, 'GET', '/__mock/locations/1/options')).body.data).toEqual({
      backend: 'current',
      duplicate_probability: 0,
      duplicate_every: 0,
      reorder: 2,
      delivery_delay_ms: 0,
    })
    expect((await call(app, 'GET', '/__mock/faults')).body).toEqual({
      success: true,
      data: [fault.body.data],
      meta: { count: 1 },
    })
    expect(await call(app, 'GET', '/__mock/snapshots')).toEqual({
      status: 200,
      body: {
        success: true,
        data: [kept],
        meta: { count: 1, bytes: 696, max_count: 100, max_bytes: 256 * 1024 * 1024 },
      },
    })
    const restoredOnDisk = { locations: { '1': stored(body('https://a.example/h')) } }
    await close()
    expect(await readJson(file)).toEqual(restoredOnDisk)

    // A restart starts from the restored state; the snapshots were in memory.
    const again = await fileApp(file)
    expect((await call(again.app, 'GET', '/__mock/locations/1/settings')).body.data.urls).toEqual([
      'https://a.example/h',
    ])
    expect(await call(again.app, 'POST', '/__mock/snapshots/seeded/restore')).toEqual({
      status: 404,
      body: {
        success: false,
        data: null,
        meta: {
          message:
            'No snapshot "seeded": none was taken (a restart forgets them: they are kept in memory). Take one with POST /__mock/snapshots {"name": "seeded"}.',
        },
      },
    })
  })

  it('restores in one commit: the log holds the whole state in one line, and a kill before compaction keeps it', async () => {
    const file = join(await tempDir(), 'db.json')
    const { app, store } = await fileApp(file)
    for (const id of [1, 2, 3]) {
      await call(app, 'PUT', `/__mock/locations/${id}/settings`, body(`https://${id}.example/h`))
    }
    await call(app, 'POST', '/__mock/snapshots', { name: 'three' })
    await call(app, 'POST', '/__mock/reset')
    await store.compact()
    await call(app, 'POST', '/__mock/snapshots/three/restore')
    const log = (await readFile(`${file}.wal`, 'utf8')).replace(/\0+$/, '').trim().split('\n')
    expect(log.map((line) => JSON.parse(line))).toEqual([
      {
        changes: [
          { op: 'clear' },
          ...[1, 2, 3].map((id) => ({
            op: 'put',
            collection: 'locations',
            key: String(id),
            value: stored(body(`https://${id}.example/h`)),
          })),
        ],
      },
    ])
  })

  it('ends pending deliveries and waits at a restore, as a reset does', async () => {
    const { app } = await testApp({
      now: () => NOW,
      webhookClient: async () => ({ statusCode: 200 }),
    })
    await call(app, 'POST', '/__mock/snapshots', { name: 'empty' })
    await call(app, 'PUT', '/__mock/locations/4/settings', body('https://a.example/h'))
    await call(app, 'PUT', '/__mock/locations/4/options', { delivery_delay_ms: 60_000 })
    const triggered = await call(app, 'POST', '/__mock/locations/4/events', {
      resource: 'record',
      resource_id: 1,
    })
    expect(triggered.body.data.delivery_ids).toEqual([1])
    const waiting = call(app, 'POST', '/__mock/deliveries/wait', { location_id: 4 })
    await new Promise((resolve) => setTimeout(resolve, 50))
    await call(app, 'POST', '/__mock/snapshots/empty/restore')
    expect(await waiting).toEqual({
      status: 409,
      body: {
        success: false,
        data: null,
        meta: { message: 'Wait ended: the mock was reset while waiting for deliveries.' },
      },
    })
    expect((await call(app, 'GET', '/__mock/deliveries')).body.data).toEqual([])
  })

  it('replaces a snapshot taken again under its name, deletes one, and refuses a bad name or the 101st', async () => {
    const { app } = await testApp({ now: () => NOW })
    await call(app, 'POST', '/__mock/snapshots', { name: 'a' })
    await call(app, 'PUT', '/__mock/locations/1/settings', body('https://a.example/h'))
    const again = await call(app, 'POST', '/__mock/snapshots', { name: 'a' })
    expect(again.body.data).toEqual(summary({ locations: 1 }, again.body.data.bytes, 'a'))
    expect(await call(app, 'DELETE', '/__mock/snapshots/a')).toEqual({
      status: 200,
      body: { success: true, data: again.body.data, meta: [] },
    })
    expect((await call(app, 'GET', '/__mock/snapshots')).body.meta).toEqual({
      count: 0,
      bytes: 0,
      max_count: 100,
      max_bytes: 256 * 1024 * 1024,
    })
    expect(await call(app, 'POST', '/__mock/snapshots', { name: 'a b' })).toEqual({
      status: 422,
      body: {
        success: false,
        data: null,
        meta: {
          message: 'An error has occurred.',
          errors: {
            name: [
              'name must be 1 to 64 letters, digits, ".", "_" or "-", e.g. "seeded" (a snapshot\'s name), got "a b".',
            ],
          },
        },
      },
    })
    for (let i = 0; i < 100; i++) await call(app, 'POST', '/__mock/snapshots', { name: `s${i}` })
    expect(await call(app, 'POST', '/__mock/snapshots', { name: 'one-more' })).toEqual({
      status: 409,
      body: {
        success: false,
        data: null,
        meta: {
          message:
            'The mock keeps at most 100 snapshots, and holds 100: delete some first (DELETE /__mock/snapshots/{name}), or take this one under the name of one to replace.',
        },
      },
    })
    // Taken again under a name it holds, it replaces, within the bound.
    expect((await call(app, 'POST', '/__mock/snapshots', { name: 's0' })).status).toBe(201)
  })

  it('refuses a snapshot past the bytes bound, saying how many', () => {
    const snapshots = new Snapshots()
    const big = takeSnapshot('big', NOW.toISOString(), emptyState(), {})
    snapshots.add({ ...big, bytes: 200 * 1024 * 1024 })
    expect(() => snapshots.add({ ...big, name: 'more', bytes: 100 * 1024 * 1024 })).toThrow(
      `Snapshot "more" holds ${100 * 1024 * 1024} bytes of state, and the snapshots would hold ${300 * 1024 * 1024}, past the bound of ${256 * 1024 * 1024}: delete some first (DELETE /__mock/snapshots/{name}).`,
    )
    expect(snapshots.size).toBe(1)
  })
})

describe('GET and PUT /__mock/state', () => {
  it('exports the data file as one versioned document, and imports it into another mock, on disk', async () => {
    const { app, store } = await marketplaceApp()
    await install(app, 1, ['https://a.example/h'])
    const exported = await call(app, 'GET', '/__mock/state')
    const document = {
      version: 1,
      locations: { '1': store.get('locations', '1') },
      applications: { '7': store.get('applications', '7') },
      installations: { '1:7': store.get('installations', '1:7') },
    }
    expect(document.installations['1:7']).toMatchObject({ status: 'active' })
    expect(exported).toEqual({ status: 200, body: document })

    const file = join(await tempDir(), 'db.json')
    const other = await fileApp(file)
    await call(other.app, 'PUT', '/__mock/locations/9/settings', body('https://z.example/h'))
    await call(other.app, 'PUT', '/__mock/locations/9/options', { reorder: 3 })
    expect(await call(other.app, 'PUT', '/__mock/state', exported.body)).toEqual({
      status: 200,
      body: {
        success: true,
        data: { entries: { locations: 1, applications: 1, installations: 1, clients: 0 } },
        meta: [],
      },
    })
    expect(await call(other.app, 'GET', '/__mock/state')).toEqual(exported)
    expect((await call(other.app, 'GET', '/__mock/locations/9/options')).body.data.reorder).toBe(0)
    await other.close()
    const { version: _v, ...onDisk } = exported.body
    expect(await readJson(file)).toEqual(onDisk)
  })

  it('refuses a document the data file check refuses, saying what is wrong, and changes nothing on disk', async () => {
    const file = join(await tempDir(), 'db.json')
    const { app, store, close } = await fileApp(file)
    await call(app, 'PUT', '/__mock/locations/1/settings', body('https://a.example/h'))
    const before = await call(app, 'GET', '/__mock/state')
    await store.compact()
    const fileBefore = await readFile(file, 'utf8')
    const refused = (problem: string) => ({
      status: 422,
      body: {
        success: false,
        data: null,
        meta: {
          message: 'An error has occurred.',
          errors: {
            body: [
              `The state document cannot be used: ${problem}. Nothing was changed: send a document as GET /__mock/state answers it.`,
            ],
          },
        },
      },
    })
    expect(
      await call(app, 'PUT', '/__mock/state', { locations: { '1': { url_settings: [{}] } } }),
    ).toEqual(
      refused(
        'it does not have the mock\'s shape at /locations/1/url_settings/0: must have required property \'url\' (expected {"locations": {"<location id>": {"url_settings": [{"url": "...", "active": 0 or 1, ...}]}}})',
      ),
    )
    expect(await call(app, 'PUT', '/__mock/state', { version: 2, locations: {} })).toEqual(
      refused('its "version" is 2, and this mock reads version 1 (GET /__mock/state writes it)'),
    )
    expect(await call(app, 'PUT', '/__mock/state', { locations: { abc: {} } })).toEqual(
      refused('"abc" under "locations" is not a location id (a positive integer)'),
    )
    expect(await call(app, 'PUT', '/__mock/state', [])).toEqual(
      refused(
        'it does not have the mock\'s shape at the top level: must be object (expected {"locations": {"<location id>": {"url_settings": [{"url": "...", "active": 0 or 1, ...}]}}})',
      ),
    )
    expect(await call(app, 'GET', '/__mock/state')).toEqual(before)
    expect(await readFile(file, 'utf8')).toBe(fileBefore)
    await close()
    expect(await readFile(file, 'utf8')).toBe(fileBefore)
  })
})

describe('the version in a data file', () => {
  it('opens an exported document as a data file, and refuses another version, leaving it as it was', async () => {
    const { writeFile } = await import('node:fs/promises')
    const file = join(await tempDir(), 'db.json')
    const locations = { '1': stored(body('https://a.example/h')) }
    await writeFile(file, JSON.stringify({ version: 1, locations }))
    const { app, close } = await fileApp(file)
    expect(await call(app, 'GET', '/__mock/state')).toEqual({
      status: 200,
      body: { version: 1, locations },
    })
    await close()
    const text = JSON.stringify({ version: 2, locations })
    await writeFile(file, text)
    await expect(Store.open(file)).rejects.toThrow(
      `Cannot use the data file ${file}: its "version" is 2, and this mock reads version 1 (GET /__mock/state writes it). The mock left it untouched; fix it, move it away, or start with --data pointing to another file.`,
    )
    expect(await readFile(file, 'utf8')).toBe(text)
  })
})

describe('the state document from code', () => {
  it('shares no object with the mock: changing an exported or imported document changes nothing', async () => {
    const mock = await testMock()
    await mock.seed(1, body('https://a.example/h'))
    const exported = await mock.state.export()
    const settings = exported.locations['1'] as { url_settings: { url: string }[] }
    ;(settings.url_settings[0] as { url: string }).url = 'https://changed.example/h'
    expect((await mock.settings(1)).urls).toEqual(['https://a.example/h'])
    const document = {
      locations: {},
      clients: { '2:5': { location_id: 2, client_id: 5, name: 'Ada' } },
    }
    await mock.state.import(document)
    document.clients['2:5'].name = 'Changed'
    expect((await mock.state.export()).clients).toEqual({
      '2:5': { location_id: 2, client_id: 5, name: 'Ada' },
    })
  })
})

describe('--initial-state', () => {
  const initial = {
    version: 1,
    locations: {
      '1': { urls: ['https://one.example/h'], active: 1, record: 1 },
      '2': { urls: ['https://two.example/h'], active: 1 },
    },
    clients: { '1:5': { location_id: 1, client_id: 5, name: 'Ada' } },
  }
  const urlsOf = async (app: FastifyInstance, id: number) =>
    (await call(app, 'GET', `/__mock/locations/${id}/settings`)).body.data.urls

  it('loads the document when the data file is new; a reset returns to it, globally and per location', async () => {
    const dir = await tempDir()
    const file = join(dir, 'db.json')
    const { app, close } = await fileApp(file, { initialState: initial })
    expect(await urlsOf(app, 1)).toEqual(['https://one.example/h'])
    await call(app, 'PUT', '/__mock/locations/1/settings', body('https://changed.example/h'))
    await call(app, 'PUT', '/__mock/locations/2/settings', body('https://changed.example/h'))
    await call(app, 'PUT', '/__mock/locations/3/settings', body('https://three.example/h'))
    await call(app, 'PUT', '/__mock/locations/1/clients/5', { name: 'Changed' })
    await call(app, 'PUT', '/__mock/locations/1/clients/6', { name: 'New' })
    await call(app, 'DELETE', '/__mock/locations/1')
    expect(await urlsOf(app, 1)).toEqual(['https://one.example/h'])
    // The location's part of every collection comes back: its fixed clients too.
    expect((await call(app, 'GET', '/__mock/state')).body.clients).toEqual(initial.clients)
    expect(await urlsOf(app, 2)).toEqual(['https://changed.example/h'])
    await call(app, 'DELETE', '/__mock/locations/3')
    expect(await urlsOf(app, 3)).toEqual([''])
    await call(app, 'PUT', '/__mock/locations/3/settings', body('https://three.example/h'))
    await call(app, 'POST', '/__mock/reset')
    const initialOnly = await call(app, 'GET', '/__mock/state')
    expect(Object.keys(initialOnly.body.locations)).toEqual(['1', '2'])
    expect(initialOnly.body.clients).toEqual(initial.clients)
    await call(app, 'PUT', '/__mock/locations/2/settings', body('https://kept.example/h'))
    await close()

    // The file exists now: a restart keeps what the last run left, not the document.
    const again = await fileApp(file, { initialState: initial })
    expect(await urlsOf(again.app, 2)).toEqual(['https://kept.example/h'])
    await call(again.app, 'POST', '/__mock/reset')
    expect(await call(again.app, 'GET', '/__mock/state')).toEqual(initialOnly)
    await again.close()
    const { version: _v, ...onDisk } = initialOnly.body
    expect(await readJson(file)).toEqual(onDisk)
  })

  it('refuses a document the data file check refuses, naming the option', async () => {
    const file = join(await tempDir(), 'state.json')
    await import('node:fs/promises').then((fs) =>
      fs.writeFile(file, JSON.stringify({ locations: { x: {} } })),
    )
    await expect(buildApp({ initialState: file })).rejects.toThrow(
      `--initial-state ${file}: "x" under "locations" is not a location id (a positive integer). Give a document as GET /__mock/state answers it, e.g. {"version": 1, "locations": {}}.`,
    )
    await expect(buildApp({ initialState: { locations: 1 } })).rejects.toThrow(
      'the option initialState: it does not have the mock\'s shape at /locations: must be object (expected {"locations": {"<location id>": {"url_settings": [{"url": "...", "active": 0 or 1, ...}]}}}). Give a document as GET /__mock/state answers it, e.g. {"version": 1, "locations": {}}.',
    )
  })
})
