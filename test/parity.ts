import { expect, it } from 'vitest'
import type { AltegioMock } from '../src/mock.js'
import { HEADERS } from './helpers.js'
import { type Receiver, startReceiver } from './receiver.js'

/** The options a parity case may start its mock with (the CLI takes them as flags). */
export interface ParityOptions {
  maxDeliveries?: number
  maxRequests?: number
  deliveryRetryDelayMs?: number
}

/** Starts a fresh mock, stopped (or disconnected) after the test. */
export type StartMock = (options?: ParityOptions) => Promise<AltegioMock>

/** What a script did, call by call, for comparing two mocks' answers. */
export type Transcript = Record<string, unknown>

export type Script = (mock: AltegioMock, receiver: Receiver) => Promise<Transcript>

/** Declares one parity test: a name, its script, and the options of its mocks. */
export type Case = (
  name: string,
  script: Script,
  options?: ParityOptions & { timeout?: number },
) => void

const TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/

/**
 * `value` with the clock's readings masked (times, durations): two mocks
 * started apart answer the same calls with the same values otherwise.
 */
export function masked(value: unknown, key = ''): unknown {
  if (typeof value === 'string') return TIME.test(value) ? '<time>' : value
  if (typeof value === 'number') {
    return key === 'duration_ms' || key.endsWith('_at_ms') ? '<ms>' : value
  }
  if (typeof value === 'function') return '<function>'
  if (Array.isArray(value)) return value.map((item) => masked(item))
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, masked(v, k)]))
  }
  return value
}

/**
 * A test that runs `script` on a fresh mock of `start`, then, unless `start`
 * is the reference itself, on a fresh reference mock (the local one), with the
 * same receiver: every call must answer the same in both.
 */
export function sameAnswers(
  start: StartMock,
  reference: StartMock,
  name: string,
  script: Script,
  options: ParityOptions & { timeout?: number } = {},
): void {
  const { timeout, ...mockOptions } = options
  it(
    name,
    async () => {
      const receiver = await startReceiver()
      const got = await script(await start(mockOptions), receiver)
      if (start === reference) return
      const want = await script(await reference(mockOptions), receiver)
      expect(masked(got)).toEqual(masked(want))
    },
    timeout,
  )
}

/** The error `promise` rejects with (failing the test if it resolves), as a transcript keeps it. */
export async function rejection(
  promise: Promise<unknown>,
  type: new (...args: never[]) => Error,
  message: string,
): Promise<{ name: string; message: string }> {
  const error = await promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`)
    },
    (reason: unknown) => reason,
  )
  expect(error).toBeInstanceOf(type)
  expect((error as Error).message).toBe(message)
  return { name: (error as Error).name, message: (error as Error).message }
}

/** GETs a location's settings through the Altegio API `times` times, `parallel` at once. */
export async function getSettings(
  mock: AltegioMock,
  locationId: number,
  times: number,
  parallel = 20,
): Promise<number[]> {
  const statuses: number[] = []
  for (let start = 0; start < times; start += parallel) {
    const batch = Array.from({ length: Math.min(parallel, times - start) }, async () => {
      const res = await fetch(`${mock.apiUrl}/hooks_settings/${locationId}`, { headers: HEADERS })
      await res.arrayBuffer()
      return res.status
    })
    statuses.push(...(await Promise.all(batch)))
  }
  return statuses
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** An appointment created: the event most cases trigger. */
export const record = (resource_id: number) => ({
  resource: 'record' as const,
  status: 'create' as const,
  resource_id,
})
