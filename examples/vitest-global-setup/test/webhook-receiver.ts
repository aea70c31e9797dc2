import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

/** The integration's webhook endpoint: here, a bare local HTTP server. */
export async function startReceiver(): Promise<{
  url: string
  received: unknown[]
  close(): void
}> {
  const received: unknown[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', () => {
      received.push(JSON.parse(body))
      res.writeHead(200).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}/altegio`, received, close: () => server.close() }
}
