// The disk failing under the store: node:fs's synchronous write and sync are
// swapped for spies that fail on demand; everything else is the real thing.
import * as fs from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { DataFileError } from '../src/store/data-file.js'
import { Store } from '../src/store/store.js'
import {
  expectedSettings,
  fullBody,
  HEADERS,
  logCommits,
  stored,
  storedAt,
  tempDir,
  testApp,
} from './helpers.js'

vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>()
  return {
    ...actual,
    writeSync: vi.fn(actual.writeSync),
    fdatasyncSync: vi.fn(actual.fdatasyncSync),
  }
})

const fail = (code: string, message: string) => () => {
  throw Object.assign(new Error(`${code}: ${message}`), { code })
}
const realWriteSync = (await vi.importActual<typeof import('node:fs')>('node:fs')).writeSync
/** A full disk: writes over blocks the file holds succeed, writes that grow it fail. */
const diskFull = (
  fd: number,
  buffer: NodeJS.ArrayBufferView,
  offset?: number,
  length?: number,
  position?: number | null,
) => {
  const end = (position ?? 0) + (length ?? buffer.byteLength)
  if (end > fs.fstatSync(fd).size) fail('ENOSPC', 'no space left on device, write')()
  return realWriteSync(fd, buffer, offset, length, position)
}
afterEach(() => {
  vi.mocked(fs.writeSync).mockReset()
  vi.mocked(fs.fdatasyncSync).mockReset()
})

async function fileApp(walChunkBytes?: number) {
  const file = join(await tempDir(), 'db.json')
  const store = await Store.open(file, { compactAfterIdleMs: 60_000, walChunkBytes })
  const { app } = await testApp({ store })
  const post = (id: number, body = fullBody()) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/hooks_settings/${id}`,
      headers: HEADERS,
      payload: body,
    })
  return { file, app, store, post }
}

describe('a disk that fails', () => {
  it('a failed sync: 500 naming the disk, nothing applied, later changes refused until a restart', async () => {
    const { file, app, store, post } = await fileApp()
    vi.mocked(fs.fdatasyncSync).mockImplementationOnce(fail('EIO', 'i/o error, fdatasync'))
    const failed = {
      success: false,
      data: null,
      meta: {
        message: `The mock could not save this change: the disk failed to sync the log ${file}.wal (EIO: i/o error, fdatasync). It was not applied. Every later change will fail too until the mock restarts: check the disk, then restart the mock.`,
      },
    }
    const first = await post(1)
    expect([first.statusCode, first.json()]).toEqual([500, failed])
    const second = await post(2)
    expect([second.statusCode, second.json()]).toEqual([500, failed])
    expect(vi.mocked(fs.fdatasyncSync)).toHaveBeenCalledTimes(1)
    expect(store.size('locations')).toBe(0)
    const read = await app.inject({
      method: 'GET',
      url: '/api/v1/hooks_settings/1',
      headers: HEADERS,
    })
    expect(read.json()).toEqual({
      success: true,
      data: expectedSettings({ urls: [], active: 0 }, 1),
      meta: [],
    })
    expect(app.mock.requests.list().map((e) => e.status_code)).toEqual([500, 500, 200])
  })

  it('a failed write: rolled back, 500 saying to send it again, and the next change is saved', async () => {
    // A small chunk of zeros, so the log soon writes past what it laid out.
    const { file, store, post } = await fileApp(1024)
    expect((await post(1)).statusCode).toBe(201)
    // The disk fills up: laying out more zeros fails, then every write.
    vi.mocked(fs.writeSync).mockImplementation(diskFull as typeof fs.writeSync)
    // Writes go on while the zeros laid out last; the first that needs more fails.
    let id = 2
    let full = await post(id)
    while (full.statusCode === 201 && id < 10) full = await post(++id)
    expect(full.statusCode).toBe(500)
    expect(full.json().meta.message).toBe(
      `The mock could not save this change: the disk failed to write the log ${file}.wal (ENOSPC: no space left on device, write). It was not applied. Check the disk (space, permissions), then send it again.`,
    )
    expect((await post(id)).statusCode).toBe(500)
    // Space is back: the next change goes through, and only the saved ones are on disk.
    vi.mocked(fs.writeSync).mockReset()
    expect((await post(id + 1)).statusCode).toBe(201)
    expect(storedAt(store, id)).toBeUndefined()
    const saved = [...Array.from({ length: id - 1 }, (_, i) => String(i + 1)), String(id + 1)]
    const lines = (await logCommits(file)) as { changes: { key: string }[] }[]
    expect(lines.map((line) => line.changes[0]?.key)).toEqual(saved)
    await store.close()
    const onDisk = JSON.parse(await readFile(file, 'utf8'))
    expect(Object.keys(onDisk.locations)).toEqual(saved)
    expect(onDisk.locations[String(id + 1)]).toEqual(stored(fullBody()))
  })

  it('a reset the disk refuses resets nothing: settings, deliveries and requests stay', async () => {
    const { app, post } = await fileApp()
    expect((await post(1)).statusCode).toBe(201)
    await app.mock.trigger(1, [{ resource: 'record', status: 'create', resource_id: 1 }])
    const before = {
      settings: app.mock.settings(1),
      requests: app.mock.requests.list(),
      deliveries: app.mock.deliveries.list().map((d) => d.id),
    }
    vi.mocked(fs.writeSync).mockImplementationOnce(fail('ENOSPC', 'no space left on device, write'))
    const reset = await app.inject({ method: 'POST', url: '/__mock/reset' })
    expect(reset.statusCode).toBe(500)
    expect({
      settings: app.mock.settings(1),
      requests: app.mock.requests.list(),
      deliveries: app.mock.deliveries.list().map((d) => d.id),
    }).toEqual(before)
  })

  it('a full disk at start: one line naming the file', async () => {
    const file = join(await tempDir(), 'db.json')
    vi.mocked(fs.fdatasyncSync).mockImplementation(fail('ENOSPC', 'no space left on device'))
    const probe = await (await import('node:fs/promises')).open(`${file}.probe`, 'w')
    const handle = Object.getPrototypeOf(probe)
    await probe.close()
    const write = vi
      .spyOn(handle, 'write')
      .mockRejectedValue(
        Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }),
      )
    try {
      const error = await Store.open(file).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(DataFileError)
      expect((error as Error).message).toMatch(
        new RegExp(
          `^Cannot use the data file ${file}[.a-z]*: the disk is full\\. Free some space, or start with --data on another disk, or :memory:\\.$`,
        ),
      )
    } finally {
      write.mockRestore()
    }
  })
})
