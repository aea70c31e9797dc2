// A body past --body-limit, sent by clients that write it whole before they
// read: the 413 must reach them, not a reset (set ALTEGIO_MOCK_CLI to run
// against another build).
import { request } from 'node:http'
import { describe, expect, it } from 'vitest'
import { HEADERS } from './helpers.js'
import { startCli } from './mock-process.js'
import { parseAnswer, rawSocket } from './raw-http.js'

const MIB = 1024 * 1024
const TOO_LARGE = {
  success: false,
  data: null,
  meta: {
    message: `The request body is larger than the mock accepts (${MIB} bytes). Settings are a few hundred bytes: check what is being sent.`,
  },
}

/** POSTs `bytes` with node:http; the status and body it read, or the error it met. */
function post(
  url: string,
  bytes: Buffer,
): Promise<{ status?: number; body?: unknown; error?: string }> {
  return new Promise((resolve) => {
    const req = request(`${url}/api/v1/hooks_settings/1`, {
      method: 'POST',
      headers: { ...HEADERS, 'content-type': 'application/json', 'content-length': bytes.length },
    })
    req.on('response', (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk) => {
        text += chunk
      })
      res.on('end', () => resolve({ status: res.statusCode, body: JSON.parse(text) }))
      res.on('error', (error) => resolve({ error: (error as NodeJS.ErrnoException).code }))
    })
    req.on('error', (error) => resolve({ error: (error as NodeJS.ErrnoException).code }))
    req.end(bytes)
  })
}

describe('a body past the limit', () => {
  it('answers 413 in the envelope to node:http and fetch sending 2 to 5 MB, 30 times each', async () => {
    const mock = await startCli(['--port', '0', '--data', ':memory:'])
    const sizes = Array.from({ length: 30 }, (_, i) => 2 * MIB + Math.floor((i / 29) * 3 * MIB))
    const answers = []
    for (const size of sizes) answers.push(await post(mock.url, Buffer.alloc(size, 'a')))
    for (const size of sizes) {
      const res = await fetch(`${mock.url}/api/v1/hooks_settings/1`, {
        method: 'POST',
        headers: { ...HEADERS, 'content-type': 'application/json' },
        body: Buffer.alloc(size, 'a'),
      }).catch((error: Error) => error)
      answers.push(
        res instanceof Error
          ? { error: String((res.cause as NodeJS.ErrnoException | undefined)?.code ?? res.message) }
          : { status: res.status, body: await res.json() },
      )
    }
    expect(answers).toEqual(answers.map(() => ({ status: 413, body: TOO_LARGE })))
  })

  it('stops reading a body that goes on, within seconds, after answering 413', async () => {
    const mock = await startCli(['--port', '0', '--data', ':memory:'])
    const socket = await rawSocket(mock.url)
    const started = Date.now()
    let received = ''
    socket.on('data', (chunk) => {
      received += chunk
    })
    const closed = new Promise((resolve) => socket.once('close', resolve))
    socket.on('error', () => {})
    socket.write(
      `POST /api/v1/hooks_settings/1 HTTP/1.1\r\nHost: x\r\nAuthorization: ${HEADERS.authorization}\r\nAccept: ${HEADERS.accept}\r\nContent-Type: application/json\r\nContent-Length: ${1024 * MIB}\r\n\r\n`,
    )
    const chunk = Buffer.alloc(64 * 1024, 'a')
    const pump = setInterval(() => {
      if (!socket.destroyed) socket.write(chunk)
    }, 1)
    await closed
    clearInterval(pump)
    expect(Date.now() - started).toBeLessThan(5000)
    const answer = parseAnswer(received)
    expect({ status: answer.status, body: JSON.parse(answer.body) }).toEqual({
      status: 413,
      body: TOO_LARGE,
    })
  })
})
