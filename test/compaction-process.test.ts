// Issue 11, compaction stall: large merges run in a process of their own at
// the lowest priority, so that their CPU and garbage collection give way to
// the API's; a merger that outlives a SIGKILLed mock must write nothing the
// next mock uses.
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { HookSettingsBody } from '../src/schemas/hooks-settings/settings.js'
import { toJson } from '../src/store/collections.js'
import { parseDataFile } from '../src/store/data-file.js'
import { fullBody, HEADERS, onCleanup, stored, tempDir } from './helpers.js'
import { type MockProcess, startCli } from './mock-process.js'
import { childProcesses, exited, threadNiceness } from './reliability/proc.js'

/** Past the store's INLINE_COMPACTION_MAX (500): merged by the compaction process. */
const LOCATIONS = 20_000
const body = (id: number, version: string): HookSettingsBody =>
  fullBody([`https://merge.example/${id}/${version}`], { record: 1 })

async function until<T>(what: string, read: () => T | undefined | Promise<T | undefined>) {
  const end = Date.now() + 30_000
  for (;;) {
    const value = await read()
    if (value !== undefined) return value
    if (Date.now() > end) throw new Error(`waited 30 s for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
}

/** POSTs `version` of location `id`, and records it in `expected`. */
async function post(url: string, id: number, version: string, expected: Record<string, unknown>) {
  const res = await fetch(`${url}/api/v1/hooks_settings/${id}`, {
    method: 'POST',
    headers: { ...HEADERS, 'content-type': 'application/json' },
    body: JSON.stringify(body(id, version)),
  })
  expect(res.status).toBe(201)
  await res.arrayBuffer()
  expected[id] = stored(body(id, version))
}

const startOn = (file: string) => startCli(['--port', '0', '--data', file, '--log-level', 'silent'])

/** The mock's merge process, once a compaction has started it. */
const mergerOf = (mock: MockProcess) =>
  until('the merge process', () =>
    childProcesses(mock.child.pid as number, 'compaction-worker').at(0),
  )

const locationsIn = async (file: string) =>
  toJson(parseDataFile(file, await readFile(file, 'utf8'))).locations

/** A data file as the mock writes it, of LOCATIONS locations; what it holds. */
async function largeDataFile(dir: string) {
  const file = join(dir, 'db.json')
  const expected: Record<string, unknown> = {}
  for (let id = 1; id <= LOCATIONS; id++) expected[id] = stored(body(id, 'v0'))
  await writeFile(file, `${JSON.stringify({ locations: expected }, null, 2)}\n`)
  return { file, expected }
}

describe('the compaction process', () => {
  it('runs at the lowest priority, leaves with a SIGKILLed mock, and never writes the data file of the mock started after it', async () => {
    const dir = await tempDir()
    const { file, expected } = await largeDataFile(dir)

    const first = await startOn(file)
    await post(first.url, 1, 'v1', expected)
    // Half a second without writes starts a compaction, and its process: held mid-merge.
    const orphan = await mergerOf(first)
    process.kill(orphan, 'SIGSTOP')
    onCleanup(async () => {
      if (!exited(orphan)) process.kill(orphan, 'SIGKILL')
    })
    first.child.kill('SIGKILL')
    await first.exited

    // The next mock replays the first one's log and merges a write of its own.
    const second = await startOn(file)
    const secondPid = second.child.pid as number
    await post(second.url, 2, 'v2', expected)
    await until('the second mock’s merge', async () =>
      JSON.stringify((await locationsIn(file))?.['2']) === JSON.stringify(expected[2])
        ? true
        : undefined,
    )
    // Its merger stays a while after a merge: every one of its threads at
    // niceness 19, V8's helpers too; the mock's own thread at the normal 0.
    const merger = await mergerOf(second)
    const niceness = threadNiceness(merger)
    expect(niceness.length).toBeGreaterThan(1)
    expect(new Set(niceness)).toEqual(new Set([19]))
    expect(threadNiceness(secondPid)[0]).toBe(0)

    // The first mock's merger, let go, finds its mock gone and leaves.
    process.kill(orphan, 'SIGCONT')
    await until('the orphaned merger to exit', () => (exited(orphan) ? true : undefined))
    expect(await locationsIn(file)).toEqual(expected)
    expect((await readdir(dir)).filter((name) => name.includes('.merge-'))).toEqual([])

    second.child.kill('SIGTERM')
    expect(await second.exited).toEqual({ code: 0, signal: null })
    expect(await locationsIn(file)).toEqual(expected)
    expect((await readdir(dir)).sort()).toEqual(['db.json'])
  })

  it('lets a SIGTERM in the middle of a merge finish it: exit 0, the data file whole, nothing beside it', async () => {
    const dir = await tempDir()
    const { file, expected } = await largeDataFile(dir)
    const mock = await startOn(file)
    await post(mock.url, 3, 'v1', expected)
    await mergerOf(mock)
    mock.child.kill('SIGTERM')
    expect(await mock.exited).toEqual({ code: 0, signal: null })
    expect(await locationsIn(file)).toEqual(expected)
    expect((await readdir(dir)).sort()).toEqual(['db.json'])
  })

  it('goes on when its merge process dies mid-write: that file is removed, and the next merge has every change', async () => {
    const dir = await tempDir()
    const { file, expected } = await largeDataFile(dir)
    const mock = await startOn(file)
    await post(mock.url, 4, 'v1', expected)
    const doomed = await mergerOf(mock)
    // Held, then given the half-written file it would leave, then killed (as by the OOM killer).
    process.kill(doomed, 'SIGSTOP')
    const torn = join(dir, `.db.json.merge-${doomed}.tmp`)
    await writeFile(torn, '{\n  "locations": {\n    "1": {')
    process.kill(doomed, 'SIGKILL')
    await until('the torn merge file to go', async () =>
      (await readdir(dir)).includes(`.db.json.merge-${doomed}.tmp`) ? undefined : true,
    )

    await post(mock.url, 5, 'v1', expected)
    await until('a merge with both changes', async () =>
      JSON.stringify(await locationsIn(file)) === JSON.stringify(expected) ? true : undefined,
    )
    mock.child.kill('SIGTERM')
    expect(await mock.exited).toEqual({ code: 0, signal: null })
    expect(await locationsIn(file)).toEqual(expected)
    expect((await readdir(dir)).sort()).toEqual(['db.json'])
  })
})
