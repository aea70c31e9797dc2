import { readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import autocannon from 'autocannon'
import { expect, it } from 'vitest'
import { fullBody, HEADERS, tempDir } from '../helpers.js'
import { startCli } from '../mock-process.js'
import { lostWrites } from '../storm.js'

const SECONDS = Number(process.env.RELIABILITY_LOAD_SECONDS ?? 60)
/** Stated bound: resident memory may grow at most this much between 15 s in and the end. */
const GROWTH_BOUND_MB = 40

const rssMb = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024

it(`${SECONDS} s of mixed GET/POST at full speed: no error, bounded memory, every 201 on disk`, async () => {
  const file = join(await tempDir(), 'db.json')
  const mock = await startCli(['--port', '0', '--data', file, '--log-level', 'silent'])
  const pid = mock.child.pid as number
  const acked = new Map<number, number>()
  const samples: { at: number; mb: number }[] = []
  const sampler = setInterval(() => samples.push({ at: Date.now(), mb: rssMb(pid) }), 1000)
  const started = Date.now()
  // Ten clients of one connection each: each owns 50 locations and writes
  // them in order, so the last version it saw acknowledged is the one the
  // file must hold.
  const client = (conn: number) => {
    let n = 0
    let location = conn * 1000 + 1
    return autocannon({
      url: mock.url,
      connections: 1,
      duration: SECONDS,
      headers: { ...HEADERS, 'content-type': 'application/json' },
      requests: [
        {
          method: 'POST',
          setupRequest: (req) => {
            n += 1
            location = conn * 1000 + (n % 50) + 1
            const body = fullBody([`https://load.example/c${conn}/v${n}`], { record: 1 })
            return {
              ...req,
              path: `/api/v1/hooks_settings/${location}`,
              body: JSON.stringify(body),
            }
          },
          onResponse: (status, body) => {
            const version = Number(/\/v(\d+)"/.exec(body)?.[1])
            if (status === 201) acked.set(location, Math.max(acked.get(location) ?? 0, version))
          },
        },
        {
          method: 'GET',
          setupRequest: (req) => ({ ...req, path: `/api/v1/hooks_settings/${location}` }),
        },
      ],
    })
  }
  const results = await Promise.all(Array.from({ length: 10 }, (_, conn) => client(conn)))
  const result = {
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    timeouts: results.reduce((sum, r) => sum + r.timeouts, 0),
    non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
    total: results.reduce((sum, r) => sum + r.requests.total, 0),
    p99: Math.max(...results.map((r) => r.latency.p99)),
  }
  clearInterval(sampler)
  const steady = samples.find((s) => s.at - started >= 15_000) ?? samples[0]
  const last = samples.at(-1)
  console.log(
    `${result.total} requests in ${SECONDS} s (${Math.round(result.total / SECONDS)}/s), worst client p99 ${result.p99} ms; RSS ${steady?.mb.toFixed(0)} MB at 15 s, ${last?.mb.toFixed(0)} MB at the end (bound +${GROWTH_BOUND_MB} MB)`,
  )
  expect({ errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx }).toEqual({
    errors: 0,
    timeouts: 0,
    non2xx: 0,
  })
  expect(result.total).toBeGreaterThan(SECONDS * 500)
  expect((last?.mb ?? 0) - (steady?.mb ?? 0)).toBeLessThanOrEqual(GROWTH_BOUND_MB)

  mock.child.kill('SIGTERM')
  expect((await mock.exited).code).toBe(0)
  const saved = JSON.parse(await readFile(file, 'utf8')) as {
    locations: Record<string, { url_settings: { url: string }[] }>
  }
  const stored = new Map(
    Object.entries(saved.locations).map(([id, s]) => [
      Number(id),
      Number(/\/v(\d+)$/.exec(s.url_settings[0]?.url ?? '')?.[1]),
    ]),
  )
  expect(acked.size).toBe(500)
  expect(lostWrites(acked, stored)).toEqual([])
})
