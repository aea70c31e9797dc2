import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync } from 'node:fs'
import { cp, mkdir, readFile, stat, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DataFileError } from '../src/store/data-file.js'
import { JOURNAL_CHUNK } from '../src/store/journal.js'
import { SettingsStore } from '../src/store/settings-store.js'
import {
  fullBody,
  HEADERS,
  journalEntries,
  jsonError,
  onCleanup,
  openStore,
  tempDir,
  testApp,
} from './helpers.js'

const settings = (n: number) => fullBody([`https://r.example/${n}`], { record: 1 })

async function readJson(file: string): Promise<unknown> {
  return JSON.parse(await readFile(file, 'utf8'))
}

describe('SettingsStore on a file', () => {
  it('creates a missing file and its folders at open', async () => {
    const dir = await tempDir()
    const file = join(dir, 'a', 'b', 'db.json')
    await openStore(file)
    expect(await readFile(file, 'utf8')).toBe('{\n  "locations": {}\n}\n')
  })

  it('keeps settings across close and open, and writes them into the data file on close', async () => {
    const file = join(await tempDir(), 'db.json')
    const store = await SettingsStore.open(file)
    await store.put(5, settings(5))
    await store.put(12, settings(12))
    await store.delete(5)
    await store.close()
    expect(await readJson(file)).toEqual({ locations: { '12': settings(12) } })
    expect(await journalEntries(file)).toEqual([])
    expect((await stat(`${file}.journal`)).size).toBe(JOURNAL_CHUNK)
    const reopened = await openStore(file)
    expect(reopened.get(12)).toEqual(settings(12))
    expect(reopened.get(5)).toBeUndefined()
  })

  it('has every acknowledged write on disk before it is compacted (a crash loses nothing)', async () => {
    const dir = await tempDir()
    const file = join(dir, 'db.json')
    const store = await openStore(file, { compactAfterIdleMs: 60_000 })
    await store.put(1, settings(1))
    await store.put(2, settings(2))
    // Not compacted yet: the data file still has the state of the open...
    expect(await readJson(file)).toEqual({ locations: {} })
    // ...and a copy of the files as they are now, as a crash would leave
    // them, opens with both writes.
    const crashed = join(dir, 'crashed')
    await mkdir(crashed)
    await cp(file, join(crashed, 'db.json'))
    await cp(`${file}.journal`, join(crashed, 'db.json.journal'))
    const recovered = await openStore(join(crashed, 'db.json'))
    expect(recovered.get(1)).toEqual(settings(1))
    expect(recovered.get(2)).toEqual(settings(2))
    // Recovery brings the data file itself up to date.
    expect(await readJson(join(crashed, 'db.json'))).toEqual({
      locations: { '1': settings(1), '2': settings(2) },
    })
  })

  it('compacts the journal into the data file once writes pause', async () => {
    const file = join(await tempDir(), 'db.json')
    const store = await openStore(file, { compactAfterIdleMs: 20 })
    await store.put(3, settings(3))
    await expect
      .poll(() => readJson(file), { timeout: 2000 })
      .toEqual({ locations: { '3': settings(3) } })
    await expect.poll(() => journalEntries(file)).toEqual([])
  })

  it('compacts as soon as the journal passes its size bound, even under writes', async () => {
    const file = join(await tempDir(), 'db.json')
    const store = await openStore(file, { compactAfterIdleMs: 60_000, compactAfterBytes: 2000 })
    for (let id = 1; id <= 10; id++) await store.put(id, settings(id))
    // Each entry is ~600 bytes, so the bound is passed by the 4th write; the
    // idle timer (60 s) cannot be what wrote the file.
    const stored = async () =>
      Object.keys(((await readJson(file)) as { locations: object }).locations).length
    await expect.poll(stored, { timeout: 2000 }).toBeGreaterThanOrEqual(4)
  })

  it('drops a torn last journal line (a write that was never acknowledged)', async () => {
    const dir = await tempDir()
    const file = join(dir, 'db.json')
    await writeFile(file, '{"locations": {}}')
    const line = JSON.stringify({ op: 'put', location_id: 7, settings: settings(7) })
    await writeFile(`${file}.journal`, `${line}\n{"op":"put","locat`)
    const store = await openStore(file)
    expect(store.get(7)).toEqual(settings(7))
    expect(store.size).toBe(1)
    expect(await journalEntries(file)).toEqual([])
  })

  it('removes the empty journal a compaction left behind when a crash interrupted it', async () => {
    const dir = await tempDir()
    const file = join(dir, 'db.json')
    await writeFile(file, JSON.stringify({ locations: { 7: settings(7) } }))
    // The compaction had written the data file; its new empty journal never
    // replaced the old one, now empty too, so the start has nothing to compact.
    await writeFile(`${file}.journal`, Buffer.alloc(4096))
    await writeFile(`${file}.journal.tmp`, Buffer.alloc(4096))
    const store = await openStore(file)
    expect(store.get(7)).toEqual(settings(7))
    expect(existsSync(`${file}.journal.tmp`)).toBe(false)
  })

  it('writes entries over zeros laid out ahead, so a sync never changes the file size', async () => {
    const file = join(await tempDir(), 'db.json')
    const store = await openStore(file, { compactAfterIdleMs: 60_000 })
    await store.put(1, settings(1))
    await store.delete(1)
    expect(await journalEntries(file)).toEqual([
      { op: 'put', location_id: 1, settings: settings(1) },
      { op: 'delete', location_id: 1 },
    ])
    expect((await stat(`${file}.journal`)).size).toBe(JOURNAL_CHUNK)
  })

  it('lays out more zeros when the entries reach the end, and a crash copy replays them all', async () => {
    const dir = await tempDir()
    const file = join(dir, 'db.json')
    const chunk = 1024
    const store = await openStore(file, { compactAfterIdleMs: 60_000, journalChunkBytes: chunk })
    for (let n = 1; n <= 12; n++) await store.put(n, settings(n))
    const entries = await journalEntries(file)
    const used = entries.map((e) => JSON.stringify(e).length + 1).reduce((a, b) => a + b)
    expect(entries).toHaveLength(12)
    expect(used).toBeGreaterThan(4 * chunk)
    const { size } = await stat(`${file}.journal`)
    expect(size).toBeGreaterThan(used)
    expect(size).toBeLessThanOrEqual(used + chunk)
    const crashed = join(dir, 'crashed')
    await mkdir(crashed)
    await cp(file, join(crashed, 'db.json'))
    await cp(`${file}.journal`, join(crashed, 'db.json.journal'))
    const recovered = await openStore(join(crashed, 'db.json'))
    expect(recovered.size).toBe(12)
    expect(recovered.get(12)).toEqual(settings(12))
  })

  it('stops at a line a power cut tore (zero bytes in it) and ignores the rest of that write', async () => {
    const file = join(await tempDir(), 'db.json')
    await writeFile(file, '{"locations": {}}')
    const line = (n: number) => JSON.stringify({ op: 'put', location_id: n, settings: settings(n) })
    // Entry 1 was acknowledged. The write of entries 2 and 3 was cut: a
    // sector in the middle of entry 2 never reached the disk, a later one did.
    const torn = line(2)
    const journal = Buffer.concat([
      Buffer.from(`${line(1)}\n`),
      Buffer.from(torn.slice(0, 20)),
      Buffer.alloc(100),
      Buffer.from(`${torn.slice(120)}\n${line(3)}\n`),
      Buffer.alloc(4096),
    ])
    await writeFile(`${file}.journal`, journal)
    const store = await openStore(file)
    expect(store.size).toBe(1)
    expect(store.get(1)).toEqual(settings(1))
    expect(await readJson(file)).toEqual({ locations: { '1': settings(1) } })
    expect(await journalEntries(file)).toEqual([])
  })

  it('reads a hand-written file with omitted flags as 0', async () => {
    const file = join(await tempDir(), 'db.json')
    await writeFile(
      file,
      '{"locations": {"9": {"urls": ["https://h.example/"], "active": 1, "record": 1}}}',
    )
    const store = await openStore(file)
    expect(store.get(9)).toEqual(fullBody(['https://h.example/'], { record: 1 }))
  })

  const broken: [string, string, string][] = [
    ['invalid JSON', '{"locations": {', `it is not valid JSON (${jsonError('{"locations": {')})`],
    [
      'the wrong shape',
      '{"locations": {"12": {"urls": "https://x.example/", "active": 1}}}',
      `it does not have the mock's shape at /locations/12/urls: Expected array (expected {"locations": {"<location id>": {"urls": [...], "active": 0 or 1, ...}}})`,
    ],
    [
      'a bad location id',
      '{"locations": {"abc": {"urls": [], "active": 1}}}',
      '"abc" under "locations" is not a location id (a positive integer)',
    ],
    [
      'an array',
      '[]',
      `it does not have the mock's shape at the top level: Expected object (expected {"locations": {"<location id>": {"urls": [...], "active": 0 or 1, ...}}})`,
    ],
  ]
  for (const [name, text, problem] of broken) {
    it(`refuses to open a data file with ${name}, naming it, and leaves it byte for byte`, async () => {
      const file = join(await tempDir(), 'db.json')
      await writeFile(file, text)
      const error = await SettingsStore.open(file).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(DataFileError)
      expect((error as Error).message).toBe(
        `Cannot use the data file ${file}: ${problem}. The mock left it untouched; fix it, move it away, or start with --data pointing to another file.`,
      )
      expect(await readFile(file, 'utf8')).toBe(text)
      expect(existsSync(`${file}.journal`)).toBe(false)
    })
  }

  it('refuses a journal damaged before its last line, and leaves both files alone', async () => {
    const file = join(await tempDir(), 'db.json')
    await writeFile(file, '{"locations": {}}')
    const journal = `garbage\n${JSON.stringify({ op: 'clear' })}\n`
    await writeFile(`${file}.journal`, journal)
    const error = await SettingsStore.open(file).catch((e: unknown) => e)
    expect((error as Error).message).toBe(
      `Cannot use the data file ${file}.journal: line 1 of the journal is not a valid entry. The mock left it untouched; fix it, move it away, or start with --data pointing to another file.`,
    )
    expect(await readFile(`${file}.journal`, 'utf8')).toBe(journal)
    expect(await readFile(file, 'utf8')).toBe('{"locations": {}}')
  })
})

describe('one mock per data file', () => {
  it('refuses a second open of the same file, in this process or by a live other one', async () => {
    const file = join(await tempDir(), 'db.json')
    const first = await SettingsStore.open(file)
    await expect(SettingsStore.open(file)).rejects.toThrow(
      `Cannot use the data file ${file}: this process has it open already; close that store first.`,
    )
    await first.close()
    expect(existsSync(`${file}.lock`)).toBe(false)

    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'])
    onCleanup(async () => {
      other.kill('SIGKILL')
    })
    await writeFile(`${file}.lock`, JSON.stringify({ pid: other.pid, hostname: hostname() }))
    await expect(SettingsStore.open(file)).rejects.toThrow(
      `Cannot use the data file ${file}: another altegio-hooks-mock (pid ${other.pid}) is using it (see ${file}.lock); stop that one, or give each mock its own --data file, or :memory:.`,
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
    const store = await SettingsStore.open(file)
    const { app } = await testApp({ store })
    const ids = Array.from({ length: 200 }, (_, i) => i + 1)
    const responses = await Promise.all(
      ids.map((id) =>
        app.inject({
          method: 'POST',
          url: `/api/v1/hooks_settings/${id}`,
          headers: HEADERS,
          payload: settings(id),
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
      payload: settings(1),
    })
    expect(res.statusCode).toBe(201)
    expect(store.get(1)).toEqual(settings(1))
    expect(store.file).toBe(':memory:')
    expect(existsSync(join(dir, ':memory:'))).toBe(false)
    expect(existsSync(':memory:')).toBe(false)
  })
})
