import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { afterEach } from 'vitest'
import { fromPostBody } from '../src/api/hooks-settings/settings-model.js'
import { type AppOptions, buildApp } from '../src/app.js'
import { type AltegioMockOptions, type LocalAltegioMock, startAltegioMock } from '../src/mock.js'
import type { HookSettingsBody, StoredSettings } from '../src/schemas/hooks-settings/settings.js'
import { FLAG_NAMES } from '../src/schemas/hooks-settings/settings.js'
import { MEMORY, Store, type StoreOptions } from '../src/store/store.js'

export const AUTH = 'Bearer partner-token, User user-token'
export const V2 = 'application/vnd.api.v2+json'
/** Headers of a well-behaved Altegio client. */
export const HEADERS = { authorization: AUTH, accept: V2 }

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.()
})

/** Runs `cleanup` after the current test. */
export function onCleanup(cleanup: () => Promise<void>): void {
  cleanups.push(cleanup)
}

/** A fresh temp folder, removed after the test. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'altegio-hooks-mock-'))
  onCleanup(() => rm(dir, { recursive: true, force: true }))
  return dir
}

/**
 * The commits in a data file's write-ahead log (`db.json.wal`): JSON lines
 * over zero bytes laid out ahead; this also checks that nothing but zeros
 * follows them.
 */
export async function logCommits(file: string): Promise<unknown[]> {
  const bytes = await readFile(`${file}.wal`)
  const zeros = bytes.indexOf(0)
  const end = zeros === -1 ? bytes.length : zeros
  if (!bytes.subarray(end).every((byte) => byte === 0)) {
    throw new Error(`${file}.wal holds more than zeros after its lines`)
  }
  const text = bytes.subarray(0, end).toString('utf8')
  if (text !== '' && !text.endsWith('\n')) throw new Error(`${file}.wal ends in a torn line`)
  return text === ''
    ? []
    : text
        .slice(0, -1)
        .split('\n')
        .map((line) => JSON.parse(line))
}

/** The store's record of a location: what a POST of `body` leaves. */
export const stored = (body: HookSettingsBody): StoredSettings => fromPostBody(body)

/** A location's stored settings. */
export const storedAt = (store: Store, locationId: number) =>
  store.get('locations', String(locationId))

export async function openStore(file = MEMORY, options?: StoreOptions): Promise<Store> {
  const store = await Store.open(file, options)
  onCleanup(() => store.close())
  return store
}

/** A fresh app over a fresh store, closed after the test. */
export async function testApp(
  options: Partial<AppOptions> & { file?: string } = {},
): Promise<{ app: FastifyInstance; store: Store }> {
  const { file, ...appOptions } = options
  const store = options.store ?? (await openStore(file))
  // Every answer the tests see is checked against its route's schema.
  const app = await buildApp({ checkResponses: true, ...appOptions, store })
  onCleanup(() => app.close())
  return { app, store }
}

/** startAltegioMock, its answers checked against their schemas, closed after the test. */
export async function testMock(options: AltegioMockOptions = {}): Promise<LocalAltegioMock> {
  const mock = await startAltegioMock({ checkResponses: true, ...options })
  onCleanup(() => mock.close())
  return mock
}

/** Every flag at `value`, as a full POST body would carry them. */
export function allFlags(value: 0 | 1): Record<(typeof FLAG_NAMES)[number], 0 | 1> {
  return Object.fromEntries(FLAG_NAMES.map((name) => [name, value])) as Record<
    (typeof FLAG_NAMES)[number],
    0 | 1
  >
}

/** A complete, warning-free POST body. */
export function fullBody(
  urls = ['https://example.com/hooks'],
  flags: Partial<Record<string, 0 | 1>> = {},
) {
  return { urls, active: 1, ...allFlags(0), ...flags }
}

/** What GET/POST answer for stored `body` at `locationId` (every flag, url_settings per URL). */
export function expectedSettings(
  body: { urls: string[]; active: number } & Record<string, unknown>,
  locationId: number,
): Record<string, unknown> {
  const flags: Record<string, unknown> = Object.fromEntries(
    FLAG_NAMES.map((name) => [name, body[name] ?? 0]),
  )
  return {
    urls: body.urls.length === 0 ? [''] : body.urls,
    active: body.active,
    ...flags,
    company_id: locationId,
    url_settings: body.urls.map((url) => ({ url, active: body.active, ...flags })),
  }
}

export function parseWarnings(header: string | string[] | number | undefined): string[] {
  return header === undefined ? [] : (JSON.parse(String(header)) as string[])
}

/** The message this Node's JSON.parse gives for `text` (it differs across versions). */
export function jsonError(text: string): string {
  try {
    JSON.parse(text)
  } catch (e) {
    return (e as Error).message
  }
  throw new Error(`${text} is valid JSON`)
}
