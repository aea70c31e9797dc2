import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { afterEach } from 'vitest'
import { type AppOptions, buildApp } from '../src/app.js'
import { FLAG_NAMES } from '../src/schemas/hook-settings.js'
import { MEMORY, SettingsStore, type SettingsStoreOptions } from '../src/store/settings-store.js'

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
 * The entries in a data file's journal. The journal is JSON lines over zero
 * bytes laid out ahead; this also checks that nothing but zeros follows them.
 */
export async function journalEntries(file: string): Promise<unknown[]> {
  const bytes = await readFile(`${file}.journal`)
  const zeros = bytes.indexOf(0)
  const end = zeros === -1 ? bytes.length : zeros
  if (!bytes.subarray(end).every((byte) => byte === 0)) {
    throw new Error(`${file}.journal holds more than zeros after its entries`)
  }
  const text = bytes.subarray(0, end).toString('utf8')
  if (text !== '' && !text.endsWith('\n')) throw new Error(`${file}.journal ends in a torn line`)
  return text === ''
    ? []
    : text
        .slice(0, -1)
        .split('\n')
        .map((line) => JSON.parse(line))
}

export async function openStore(
  file = MEMORY,
  options?: SettingsStoreOptions,
): Promise<SettingsStore> {
  const store = await SettingsStore.open(file, options)
  onCleanup(() => store.close())
  return store
}

/** A fresh app over a fresh store, closed after the test. */
export async function testApp(
  options: Partial<AppOptions> & { file?: string } = {},
): Promise<{ app: FastifyInstance; store: SettingsStore }> {
  const store = options.store ?? (await openStore(options.file))
  const app = await buildApp({ ...options, store })
  onCleanup(() => app.close())
  return { app, store }
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

/** What GET/POST answer for stored `body` (every flag, url_settings per URL). */
export function expectedSettings(
  body: { urls: string[]; active: number } & Record<string, unknown>,
): Record<string, unknown> {
  const flags: Record<string, unknown> = Object.fromEntries(
    FLAG_NAMES.map((name) => [name, body[name] ?? 0]),
  )
  return {
    urls: body.urls,
    active: body.active,
    ...flags,
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
