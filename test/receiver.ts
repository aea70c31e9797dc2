import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { onCleanup } from './helpers.js'

export interface Received {
  path: string
  headers: IncomingHttpHeaders
  body: unknown
}

/** What the receiver does with its n-th request (1-based): answer a status, or hang. */
export type Behaviour = (n: number) => number | 'hang'

export interface Receiver {
  url: string
  port: number
  received: Received[]
}

/**
 * A real HTTP receiver on port 0, closed after the test. `host`: 127.0.0.1,
 * or 0.0.0.0 where a container must reach it.
 */
export async function startReceiver(
  behaviour: Behaviour = () => 200,
  delayMs = 0,
  host = '127.0.0.1',
): Promise<Receiver> {
  const received: Received[] = []
  const hanging = new Set<ServerResponse>()
  const server = createServer((req, res) => {
    let text = ''
    req.on('data', (chunk) => {
      text += chunk
    })
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: JSON.parse(text) })
      const answer = behaviour(received.length)
      if (answer === 'hang') {
        hanging.add(res)
        return
      }
      setTimeout(() => res.writeHead(answer).end('ok'), delayMs)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, host, resolve))
  onCleanup(async () => {
    for (const res of hanging) res.destroy()
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}/hooks`, port, received }
}

/** A URL on which nothing listens: connections are refused. */
export async function refusingUrl(): Promise<string> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return `http://127.0.0.1:${port}/hooks`
}
