import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync } from 'node:fs'
import { cp, mkdir, readFile, stat, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { StoredSettings } from '../src/schemas/hooks-settings/settings.js'
import { DataFileError } from '../src/store/data-file.js'
import { Store } from '../src/store/store.js'
import { WAL_CHUNK } from '../src/store/wal-format.js'
import {
  fullBody,
  HEADERS,
  jsonError,
  logCommits,
  onCleanup,
  openStore,
  stored,
  storedAt,
  tempDir,
  testApp,
} from './helpers.js'

const settings = (n: number) => stored(fullBody([`https://r.example/${n}`], { record: 1 }))
const put = (store: Store, id: number, value: StoredSettings = settings(id)) =>
  store.commit([{ op: 'put', collection: 'locations', key: String(id), value }])
const putLine = (id: number) => ({
  changes: [{ op: 'put', collection: 'locations', key: String(id), value: settings(id) }],
})

async function readJson(file: string): Promise<unknown> {
  return JSON.parse(await readFile(file, 'utf8'))
}

/** Copies the data file and its log as a crash would leave them, into a new folder. */
async function crashCopy(dir: string, file: string, logs = ['.wal']): Promise<string> {
  const crashed = join(dir, `crashed-${Math.random().toString(36).slice(2)}`)
  await mkdir(crashed)
  await cp(file, join(crashed, 'db.json'))
  for (const log of logs) await cp(`${file}${log}`, join(crashed, `db.json${log}`))
  return join(crashed, 'db.json')
}

describe('Store on a file', () => {
  it('creates a missing file and its folders at open', async () => {
    const dir = await tempDir()
    const file = join(dir, 'a', 'b', 'db.json')
    await openStore(file)
    expect(await readFile(file, 'utf8')).toBe('{\n  "locations": {}\n}\n')
  })

  it('keeps settings across close and open, writes them on close, and leaves no log behind', async () => {
    const file = join(await tempDir(), 'db.json')
    const store = await Store.open(file)
    await put(store, 5)
    await put(store, 12)
    await store.commit([{ op: 'delete', collection: 'locations', key: '5' }])
    await store.close()
    expect(await readJson(file)).toEqual({ locations: { '12': settings(12) } })
    expect(existsSync(`${file}.wal`)).toBe(false)
    expect(existsSync(`${file}.lock`)).toBe(false)
    const reopened = await openStore(file)
    expect(storedAt(reopened, 12)).toEqual(settings(12))
    expect(storedAt(reopened, 5)).toBeUndefined()
  })

  it('has every acknowledged write on disk before it is compacted (a crash loses nothing)', async () => {
    const dir = await tempDir()
    const file = join(dir, 'db.json')
    const store = await openStore(file, { compactAfterIdleMs: 60_000 })
    await put(store, 1)
    await put(store, 2)
    // Not compacted yet: the data file still has the state of the open...
    expect(await readJson(file)).toEqual({ locations: {} })
    // ...and a copy of the files as they are now, as a crash would leave
    // them, opens with both writes.
    const crashed = await crashCopy(dir, file)
    const recovered = await openStore(crashed)
    expect(storedAt(recovered, 1)).toEqual(settings(1))
    expect(storedAt(recovered, 2)).toEqual(settings(2))
    // Recovery brings the data file itself up to date.
    expect(await readJson(crashed)).toEqual({ locations: { '1': settings(1), '2': settings(2) } })
  })

  it('compacts the log into the data file once writes pause', async () => {
    const file = join(await tempDir(), 'db.json')
    const store = await openStore(file, { compactAfterIdleMs: 20 })
    await put(store, 3)
    await expect
      .poll(() => readJson(file), { timeout: 10_000 })
      .toEqual({ locations: { '3': settings(3) } })
    await expect.poll(() => logCommits(file)).toEqual([])
    await expect.poll(() => existsSync(`${file}.wal.compacting`)).toBe(false)
  })

  it('merges the log in a process of its own past inlineCompactionMax entries', async () => {
    const file = join(await tempDir(), 'db.json')
    const store = await openStore(file, { compactAfterIdleMs: 20, inlineCompactionMax: 0 })
    await put(store, 3)
    await expect
      .poll(() => readJson(file), { timeout: 10_000 })
      .toEqual({ locations: { '3': settings(3) } })
    await expect.poll(() => logCommits(file)).toEqual([])
    await expect.poll(() => existsSync(`${file}.wal.compacting`)).toBe(false)
  })

  it('merges a write that came while the last merge ran once writes pause, with no write after it', async () => {
    const file = join(await tempDir(), 'db.json')
    const store = await openStore(file, { compactAfterIdleMs: 20, inlineCompactionMax: 0 })
    await put(store, 3)
    let merging = true
    const merge = store.compact().finally(() => {
      merging = false
    })
    // After the log was moved aside for the merge: 4 is in the next log.
    await expect.poll(() => existsSync(`${file}.wal.compacting`), { interval: 1 }).toBe(true)
    await put(store, 4)
    // Its idle timer fires while the merge (a process's start, then the merge) still runs.
    await new Promise((resolve) => setTimeout(resolve, 40))
    expect(merging).toBe(true)
    await merge
    // The next merge waits COMPACTION_SPACING times the last one's length:
    // on a loaded host a merge process at the lowest priority took over 3 s.
    await expect
      .poll(() => readJson(file), { timeout: 40_000 })
      .toEqual({ locations: { '3': settings(3), '4': settings(4) } })
    await expect.poll(() => logCommits(file)).toEqual([])
  }, 60_000)

  it('merges into the data file as it is, after the API thread rewrote it between two merges of the compaction process', async () => {
    const file = join(await tempDir(), 'db.json')
    const store = await openStore(file, { compactAfterIdleMs: 60_000, inlineCompactionMax: 3 })
    for (const id of [1, 2, 3, 4]) await put(store, id)
    await store.compact() // 4 entries: in the compaction process
    const remove = (id: number) =>
      store.commit([{ op: 'delete', collection: 'locations', key: String(id) }])
    await remove(1)
    await remove(2)
    await store.compact() // 2 entries: the API thread writes the file itself
    expect(await readJson(file)).toEqual({ locations: { '3': settings(3), '4': settings(4) } })
    await put(store, 5)
    await put(store, 6)
    await store.compact() // 4 entries: the process again, which must read the new file
    expect(await readJson(file)).toEqual({
      locations: { '3': settings(3), '4': settings(4), '5': settings(5), '6': settings(6) },
    })
    await store.close()
  })

  it('merges a hand-written file in the compaction process as the mock stores it', async () => {
    const file = join(await tempDir(), 'db.json')
    await writeFile(
      file,
      JSON.stringify({ locations: { 9: { urls: ['https://h.example/'], active: 1, record: 1 } } }),
    )
    const store = await openStore(file, { compactAfterIdleMs: 60_000, inlineCompactionMax: 0 })
    await put(store, 3)
    await store.compact()
    expect(await readJson(file)).toEqual({
      locations: {
        '9': stored(fullBody(['https://h.example/'], { record: 1 })),
        '3': settings(3),
      },
    })
    await store.close()
  })

  it('goes on appending while it compacts, and replays a compaction a crash cut short', async () => {
    const dir = await tempDir()
    const file = join(dir, 'db.json')
    const store = await openStore(file, { compactAfterIdleMs: 60_000, inlineCompactionMax: 0 })
    await put(store, 1)
    // A compaction and writes at once: the writes land in the new log.
    const compaction = store.compact()
    await Promise.all([put(store, 2), put(store, 3)])
    await compaction
    // Each write is in the merged file or in the new log, whichever side of
    // the rotation it fell on; none waited for the merge.
    const merged = ((await readJson(file)) as { locations: Record<string, unknown> }).locations
    const logged = (await logCommits(file)) as ReturnType<typeof putLine>[]
    expect(merged['1']).toEqual(settings(1))
    for (const id of [2, 3]) {
      const inFile = merged[String(id)] !== undefined
      const inLog = logged.some((line) => JSON.stringify(line) === JSON.stringify(putLine(id)))
      expect(inFile || inLog, `write ${id}`).toBe(true)
    }
    // A crash after the log was moved aside but before it was merged: both
    // segments replay, in order.
    await writeFile(`${file}.wal.compacting`, `${JSON.stringify(putLine(4))}\n`)
    const crashed = await crashCopy(dir, file, ['.wal', '.wal.compacting'])
    const recovered = await openStore(crashed)
    expect([1, 2, 3, 4].map((id) => storedAt(recovered, id))).toEqual([1, 2, 3, 4].map(settings))
    expect(existsSync(`${crashed}.wal.compacting`)).toBe(false)
  })

  it('applies and keeps commits in order while the compaction process merges and their syncs leave the API thread', async () => {
    const dir = await tempDir()
    const file = join(dir, 'db.json')
    const store = await openStore(file, { compactAfterIdleMs: 60_000, inlineCompactionMax: 0 })
    for (let id = 1; id <= 200; id++) await put(store, id)
    let merging = true
    const compaction = store.compact().finally(() => {
      merging = false
    })
    // One commit per turn of the event loop until the merge ends, none awaited
    // before the next: each is a batch of its own, and each batch's sync must
    // wait for the last.
    const commits: Promise<void>[] = []
    let last = 1000
    while (merging) {
      commits.push(put(store, 1, settings(++last)))
      await new Promise((resolve) => setImmediate(resolve))
    }
    await Promise.all([compaction, ...commits])
    expect(storedAt(store, 1)).toEqual(settings(last))
    // The next merge rotates the log only once no sync is in flight on it.
    const again = store.compact()
    await Promise.all([put(store, 2, settings(2002)), again])
    const crashed = await crashCopy(dir, file, ['.wal'])
    const recovered = await openStore(crashed)
    expect([storedAt(recovered, 1), storedAt(recovered, 2)]).toEqual([
      settings(last),
      settings(2002),
    ])
    await store.close()
    expect((await readJson(file)) as { locations: Record<string, unknown> }).toMatchObject({
      locations: { '1': settings(last), '2': settings(2002) },
    })
  })

  it('compacts as soon as the log passes its size bound, even under writes', async () => {
    const file = join(await tempDir(), 'db.json')
    const store = await openStore(file, { compactAfterIdleMs: 60_000, compactAfterBytes: 2000 })
    for (let id = 1; id <= 10; id++) await put(store, id)
    // Each line is ~700 bytes, so the bound is passed by the 3rd write; the
    // idle timer (60 s) cannot be what wrote the file.
    const count = async () =>
      Object.keys(((await readJson(file)) as { locations: object }).locations).length
    await expect.poll(count, { timeout: 10_000 }).toBeGreaterThanOrEqual(3)
  })

  it('drops a torn last log line (a write that was never acknowledged)', async () => {
    const file = join(await tempDir(), 'db.json')
    await writeFile(file, '{"locations": {}}')
    await writeFile(`${file}.wal`, `${JSON.stringify(putLine(7))}\n{"changes":[{"op":"pu`)
    const store = await openStore(file)
    expect(storedAt(store, 7)).toEqual(settings(7))
    expect(store.size('locations')).toBe(1)
    expect(await logCommits(file)).toEqual([])
  })

  it('replays the log of 0.1 (db.json.journal), then removes it', async () => {
    const file = join(await tempDir(), 'db.json')
    await writeFile(file, '{"locations": {}}')
    const legacy = (id: number) =>
      JSON.stringify({
        op: 'put',
        location_id: id,
        settings: fullBody([`https://r.example/${id}`], { record: 1 }),
      })
    await writeFile(
      `${file}.journal`,
      `${legacy(1)}\n${legacy(2)}\n{"op":"delete","location_id":1}\n${'\0'.repeat(100)}`,
    )
    const store = await openStore(file)
    expect(storedAt(store, 1)).toBeUndefined()
    expect(storedAt(store, 2)).toEqual(settings(2))
    expect(existsSync(`${file}.journal`)).toBe(false)
    expect(await readJson(file)).toEqual({ locations: { '2': settings(2) } })
  })

  it('removes the empty logs a crash kept from being renamed into place', async () => {
    const file = join(await tempDir(), 'db.json')
    await writeFile(file, JSON.stringify({ locations: { 7: settings(7) } }))
    for (const leftover of ['.wal', '.wal.tmp', '.wal.next', '.wal.next.tmp']) {
      await writeFile(`${file}${leftover}`, Buffer.alloc(4096))
    }
    const store = await openStore(file)
    expect(storedAt(store, 7)).toEqual(settings(7))
    for (const leftover of ['.wal.tmp', '.wal.next', '.wal.next.tmp']) {
      expect(existsSync(`${file}${leftover}`)).toBe(false)
    }
  })

  it('removes what the compaction process of a killed mock was writing, not what a live one writes', async () => {
    const dir = await tempDir()
    const file = join(dir, 'db.json')
    await writeFile(file, JSON.stringify({ locations: { 7: settings(7) } }))
    // A process that has exited: its id is free until reused.
    const gone = spawn(process.execPath, ['-e', ''])
    await once(gone, 'exit')
    const dead = join(dir, `.db.json.merge-${gone.pid}.tmp`)
    const live = join(dir, `.db.json.merge-${process.pid}.tmp`)
    await writeFile(dead, '{"locations": {')
    await writeFile(live, '{"locations": {')
    const store = await openStore(file)
    expect(storedAt(store, 7)).toEqual(settings(7))
    expect(existsSync(dead)).toBe(false)
    expect(existsSync(live)).toBe(true)
  })

  it('writes lines over zeros laid out ahead, so a sync never changes the file size', async () => {
    const file = join(await tempDir(), 'db.json')
    const store = await openStore(file, { compactAfterIdleMs: 60_000 })
    await put(store, 1)
    await store.commit([{ op: 'delete', collection: 'locations', key: '1' }])
    expect(await logCommits(file)).toEqual([
      putLine(1),
      { changes: [{ op: 'delete', collection: 'locations', key: '1' }] },
    ])
    expect((await stat(`${file}.wal`)).size).toBe(WAL_CHUNK)
  })

  it('lays out more zeros when the lines reach the end, and a crash copy replays them all', async () => {
    const dir = await tempDir()
    const file = join(dir, 'db.json')
    const chunk = 1024
    const store = await openStore(file, { compactAfterIdleMs: 60_000, walChunkBytes: chunk })
    for (let n = 1; n <= 12; n++) await put(store, n)
    const lines = await logCommits(file)
    const used = lines.map((e) => JSON.stringify(e).length + 1).reduce((a, b) => a + b)
    expect(lines).toHaveLength(12)
    expect(used).toBeGreaterThan(4 * chunk)
    const { size } = await stat(`${file}.wal`)
    expect(size).toBeGreaterThan(used)
    expect(size).toBeLessThanOrEqual(used + chunk)
    const recovered = await openStore(await crashCopy(dir, file))
    expect(recovered.size('locations')).toBe(12)
    expect(storedAt(recovered, 12)).toEqual(settings(12))
  })

  it('stops at a line a power cut tore (zero bytes in it) and ignores the rest of that write', async () => {
    const file = join(await tempDir(), 'db.json')
    await writeFile(file, '{"locations": {}}')
    const line = (n: number) => JSON.stringify(putLine(n))
    // Line 1 was acknowledged. The write of lines 2 and 3 was cut: a sector
    // in the middle of line 2 never reached the disk, a later one did.
    const torn = line(2)
    const log = Buffer.concat([
      Buffer.from(`${line(1)}\n`),
      Buffer.from(torn.slice(0, 20)),
      Buffer.alloc(100),
      Buffer.from(`${torn.slice(120)}\n${line(3)}\n`),
      Buffer.alloc(4096),
    ])
    await writeFile(`${file}.wal`, log)
    const store = await openStore(file)
    expect(store.size('locations')).toBe(1)
    expect(storedAt(store, 1)).toEqual(settings(1))
    expect(await readJson(file)).toEqual({ locations: { '1': settings(1) } })
    expect(await logCommits(file)).toEqual([])
  })

  it('reads a hand-written file: POST-shaped with omitted flags as 0, per-URL flags, or a pasted GET answer', async () => {
    const file = join(await tempDir(), 'db.json')
    const perUrl = [
      { url: 'https://a.example/', active: 1, record: 1 },
      { url: 'https://b.example/', active: 0, client: 1 },
    ]
    await writeFile(
      file,
      `\uFEFF${JSON.stringify({
        locations: {
          9: { urls: ['https://h.example/'], active: 1, record: 1 },
          10: { url_settings: perUrl },
          11: { urls: [''], active: 0, company_id: 11, url_settings: [] },
        },
      })}`,
    )
    const store = await openStore(file)
    expect(storedAt(store, 9)).toEqual(stored(fullBody(['https://h.example/'], { record: 1 })))
    expect(storedAt(store, 10)).toEqual({
      url_settings: [
        { ...stored(fullBody(['https://a.example/'], { record: 1 })).url_settings[0] },
        { ...stored(fullBody(['https://b.example/'], { client: 1 })).url_settings[0], active: 0 },
      ],
    })
    expect(storedAt(store, 11)).toEqual({ url_settings: [] })
  })

  const broken: [string, string, string][] = [
    ['invalid JSON', '{"locations": {', `it is not valid JSON (${jsonError('{"locations": {')})`],
    [
      'the wrong shape',
      '{"locations": {"12": {"urls": "https://x.example/", "active": 1}}}',
      `it does not have the mock's shape at /locations/12/urls: must be array (expected {"locations": {"<location id>": {"url_settings": [{"url": "...", "active": 0 or 1, ...}]}}})`,
    ],
    [
      'URLs without active',
      '{"locations": {"12": {"urls": ["https://x.example/"]}}}',
      'location 12 has "urls" but no "active" (0 or 1); or give "url_settings" with each URL\'s flags',
    ],
    [
      'a bad location id',
      '{"locations": {"abc": {"urls": [], "active": 1}}}',
      '"abc" under "locations" is not a location id (a positive integer)',
    ],
    [
      'no locations',
      '{"applications": {}}',
      `it does not have the mock's shape at the top level: must have required property 'locations' (expected {"locations": {"<location id>": {"url_settings": [{"url": "...", "active": 0 or 1, ...}]}}})`,
    ],
    [
      'a malformed application',
      '{"locations": {}, "applications": {"5": {"application_id": "5"}}}',
      `it does not have the mock's shape at /applications/5: must have required property 'partner_token' (the mock writes "applications" itself: remove the entry and register or install it again)`,
    ],
    [
      'a malformed VoIP call list',
      '{"locations": {}, "voip_calls": {"5": {"last_id": 1, "calls": [{"id": 1}]}}}',
      `it does not have the mock's shape at /voip_calls/5/calls/0: must have required property 'client_id' (the mock writes "voip_calls" itself: remove the entry and register or install it again)`,
    ],
    [
      'a CRM token under another key',
      '{"locations": {}, "voip_integrations": {"a": {"crm_token": "b", "routes": [], "enabled": true, "application_id": null}}}',
      '"a" under "voip_integrations" is not its crm_token',
    ],
    [
      'an array',
      '[]',
      `it does not have the mock's shape at the top level: must be object (expected {"locations": {"<location id>": {"url_settings": [{"url": "...", "active": 0 or 1, ...}]}}})`,
    ],
  ]
  for (const [name, text, problem] of broken) {
    it(`refuses to open a data file with ${name}, naming it, and leaves it byte for byte`, async () => {
      const file = join(await tempDir(), 'db.json')
      await writeFile(file, text)
      const error = await Store.open(file).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(DataFileError)
      expect((error as Error).message).toBe(
        `Cannot use the data file ${file}: ${problem}. The mock left it untouched; fix it, move it away, or start with --data pointing to another file.`,
      )
      expect(await readFile(file, 'utf8')).toBe(text)
      expect(existsSync(`${file}.wal`)).toBe(false)
      expect(existsSync(`${file}.lock`)).toBe(false)
    })
  }

  it('refuses a log damaged before its last line, and leaves both files alone', async () => {
    const file = join(await tempDir(), 'db.json')
    await writeFile(file, '{"locations": {}}')
    const log = `garbage\n${JSON.stringify({ changes: [{ op: 'clear' }] })}\n`
    await writeFile(`${file}.wal`, log)
    const error = await Store.open(file).catch((e: unknown) => e)
    expect((error as Error).message).toBe(
      `Cannot use the data file ${file}.wal: line 1 of the log is not a valid entry. The mock left it untouched; fix it, move it away, or start with --data pointing to another file.`,
    )
    expect(await readFile(`${file}.wal`, 'utf8')).toBe(log)
    expect(await readFile(file, 'utf8')).toBe('{"locations": {}}')
  })
})

describe('the latest state, what writers decide from', () => {
  it('reads a commit from the moment it is made, while reads of what is durable wait for its sync', async () => {
    const store = await openStore(join(await tempDir(), 'db.json'))
    await put(store, 1)
    const writing = put(store, 2)
    const clearing = store.commit([{ op: 'clear' }])
    const again = put(store, 3, settings(33))
    expect(store.get('locations', '2')).toBeUndefined()
    expect(store.latest.get('locations', '1')).toBeUndefined()
    expect(store.latest.get('locations', '3')).toEqual(settings(33))
    expect(Array.from(store.latest.entries('locations'))).toEqual([['3', settings(33)]])
    expect(store.latest.size('locations')).toBe(1)
    expect(Array.from(store.entries('locations'))).toEqual([['1', settings(1)]])
    await Promise.all([writing, clearing, again])
    expect(Array.from(store.entries('locations'))).toEqual([['3', settings(33)]])
    expect(Array.from(store.latest.entries('locations'))).toEqual([['3', settings(33)]])
  })

  it('commits what update decides from the latest state, before anything else reads it', async () => {
    const store = await openStore(join(await tempDir(), 'db.json'))
    const first = put(store, 1)
    const copied = store.update((latest) => ({
      changes: [
        { op: 'put', collection: 'locations', key: '2', value: latest.get('locations', '1') },
      ],
      result: latest.size('locations'),
    }))
    await first
    expect(await copied).toBe(1)
    expect(store.get('locations', '2')).toEqual(settings(1))
  })
})

describe('one mock per data file', () => {
  it('refuses a second open of the same file, in this process or by a live other one', async () => {
    const file = join(await tempDir(), 'db.json')
    const first = await Store.open(file)
    await expect(Store.open(file)).rejects.toThrow(
      `Cannot use the data file ${file}: this process has it open already. Close that store first, or give each one its own file.`,
    )
    await first.close()
    expect(existsSync(`${file}.lock`)).toBe(false)

    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'])
    onCleanup(async () => {
      other.kill('SIGKILL')
    })
    await writeFile(`${file}.lock`, JSON.stringify({ pid: other.pid, hostname: hostname() }))
    await expect(Store.open(file)).rejects.toThrow(
      `Cannot use the data file ${file}: another altegio-hooks-mock (pid ${other.pid}) is using it (see ${file}.lock). Stop that one, or give each mock its own --data file, or :memory:.`,
    )
    // Once that process is gone, its lock is stale and taken over.
    other.kill('SIGKILL')
    await once(other, 'exit')
    const store = await openStore(file)
    expect(JSON.parse(await readFile(`${file}.lock`, 'utf8'))).toEqual({
      pid: process.pid,
      hostname: hostname(),
    })
    await store.close()
  })
})

describe('POST durability through the app', () => {
  it('lands 200 concurrent POSTs to 200 locations, all in the file after close', async () => {
    const file = join(await tempDir(), 'db.json')
    const store = await Store.open(file)
    const { app } = await testApp({ store })
    const ids = Array.from({ length: 200 }, (_, i) => i + 1)
    const body = (id: number) => fullBody([`https://r.example/${id}`], { record: 1 })
    const responses = await Promise.all(
      ids.map((id) =>
        app.inject({
          method: 'POST',
          url: `/api/v1/hooks_settings/${id}`,
          headers: HEADERS,
          payload: body(id),
        }),
      ),
    )
    expect(responses.map((r) => r.statusCode)).toEqual(ids.map(() => 201))
    await app.close()
    await store.close()
    expect(await readJson(file)).toEqual({
      locations: Object.fromEntries(ids.map((id) => [String(id), settings(id)])),
    })
  })

  it('keeps nothing on disk with :memory:', async () => {
    const dir = await tempDir()
    const { app, store } = await testApp()
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/hooks_settings/1',
      headers: HEADERS,
      payload: fullBody([`https://r.example/1`], { record: 1 }),
    })
    expect(res.statusCode).toBe(201)
    expect(storedAt(store, 1)).toEqual(settings(1))
    expect(store.file).toBe(':memory:')
    expect(existsSync(join(dir, ':memory:'))).toBe(false)
    expect(existsSync(':memory:')).toBe(false)
  })
})
