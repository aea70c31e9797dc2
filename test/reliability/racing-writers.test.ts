import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fullBody, HEADERS, tempDir } from '../helpers.js'
import { APPLICATION, OWNER_HEADERS, PARTNER_HEADERS } from '../marketplace-helpers.js'
import { type MockProcess, startCli } from '../mock-process.js'
import { parseAnswer, rawSocket } from '../raw-http.js'

/**
 * Issue 18's reproduction, against the real CLI with a data file: on one
 * connection, a write of a location pipelined before a partner callback for
 * it. Both are answered; the state must be what one serial order of the two
 * gives, in memory, after a kill -9, and after a restart.
 */

const ROUNDS = 40
const OLD_URL = 'https://old.example/hooks'
const NEW_URL = 'https://new.example/hooks'
const APP_URL = 'https://app.example/hooks'

function requestBytes(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): string {
  const payload = body === undefined ? '' : JSON.stringify(body)
  const lines = [`${method} ${path} HTTP/1.1`, 'host: mock']
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`)
  if (body !== undefined) lines.push('content-type: application/json')
  lines.push(`content-length: ${Buffer.byteLength(payload)}`)
  return `${lines.join('\r\n')}\r\n\r\n${payload}`
}

/** Sends both requests in one write and reads both answers off the one connection. */
async function pipelined(url: string, requests: string[]): Promise<number[]> {
  const socket = await rawSocket(url)
  let received = ''
  const answers = new Promise<number[]>((resolve, reject) => {
    socket.on('error', reject)
    socket.on('data', (chunk) => {
      received += chunk
      const statuses: number[] = []
      let rest = received
      while (rest.includes('\r\n\r\n')) {
        const answer = parseAnswer(rest)
        const length = Number(answer.headers['content-length'] ?? 0)
        const headEnd = rest.indexOf('\r\n\r\n') + 4
        if (Buffer.byteLength(rest.slice(headEnd)) < length) break
        statuses.push(answer.status)
        rest = rest.slice(headEnd + length)
      }
      if (statuses.length === requests.length) resolve(statuses)
    })
  })
  socket.write(requests.join(''))
  const statuses = await answers
  socket.destroy()
  return statuses
}

async function call(url: string, method: string, headers: Record<string, string>, body?: unknown) {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json()) as { data: Record<string, unknown> } }
}

const settingsUrls = async (mock: MockProcess, id: number) =>
  (await call(`${mock.url}/api/v1/hooks_settings/${id}`, 'GET', HEADERS)).body.data.urls

async function grantAt(mock: MockProcess, id: number) {
  expect(
    (await call(`${mock.url}/api/v1/hooks_settings/${id}`, 'POST', HEADERS, fullBody([OLD_URL])))
      .status,
  ).toBe(201)
  const grant = await call(
    `${mock.url}/api/v1/company/${id}/marketplace/applications/7/grant_access`,
    'POST',
    OWNER_HEADERS,
  )
  expect(grant.status).toBe(200)
}

const callback = (id: number) =>
  requestBytes('POST', '/marketplace/partner/callback', PARTNER_HEADERS, {
    salon_id: id,
    application_id: 7,
    api_key: 'key',
    webhook_urls: [APP_URL],
  })

describe('a location write pipelined before a partner callback', () => {
  it(`ends in a serial order in ${ROUNDS} rounds each of a POST and of a reset, and keeps it through kill -9`, async () => {
    const dir = await tempDir()
    const data = join(dir, 'db.json')
    const apps = join(dir, 'apps.json')
    await writeFile(apps, JSON.stringify([{ ...APPLICATION, callback_url: null }]))
    const args = ['--port', '0', '--data', data, '--applications', apps, '--log-level', 'silent']
    let mock = await startCli(args)

    // What each location must hold: a serial order of the two writes.
    const expected = new Map<number, unknown>()
    for (let round = 0; round < ROUNDS; round++) {
      const posted = 1000 + round
      await grantAt(mock, posted)
      const post = requestBytes(
        'POST',
        `/api/v1/hooks_settings/${posted}`,
        HEADERS,
        fullBody([NEW_URL]),
      )
      expect(await pipelined(mock.url, [post, callback(posted)])).toEqual([201, 201])
      // POST then callback keeps the POST's URL and adds the app's; the other order leaves the POST's alone.
      const urls = await settingsUrls(mock, posted)
      expect([[NEW_URL, APP_URL], [NEW_URL]]).toContainEqual(urls)
      expected.set(posted, urls)

      const reset = 5000 + round
      await grantAt(mock, reset)
      const resetBytes = requestBytes('DELETE', `/__mock/locations/${reset}`, {})
      const [resetStatus, callbackStatus] = await pipelined(mock.url, [resetBytes, callback(reset)])
      // Either order leaves the location without settings: the reset is never undone.
      expect(resetStatus).toBe(200)
      expect([201, 404, 409, 422]).toContain(callbackStatus)
      expect(await settingsUrls(mock, reset)).toEqual([''])
      expected.set(reset, [''])
    }

    mock.child.kill('SIGKILL')
    await mock.exited
    mock = await startCli(args)
    for (const [id, urls] of expected) expect(await settingsUrls(mock, id)).toEqual(urls)
  })
})
