// The shortest path a proxied GET can take: a server that forwards each GET
// to the upstream with undici and answers the upstream's bytes, with no
// answer of its own, comparison or learning. The bench's baseline for the
// mock's --upstream latency: both go bench -> process -> upstream.
// Usage: node bench/bare-proxy.mjs PORT UPSTREAM_URL
import Fastify from 'fastify'
import { Agent, request } from 'undici'

const [port = '0', upstream] = process.argv.slice(2)
const agent = new Agent()
const app = Fastify()
app.get('/__mock/health', async () => ({ success: true }))
app.get('/*', async (req, reply) => {
  const { authorization, accept } = req.headers
  const res = await request(`${upstream}${req.url}`, {
    headers: { authorization, accept },
    dispatcher: agent,
  })
  const body = await res.body.text()
  return reply
    .code(res.statusCode)
    .type(res.headers['content-type'] ?? 'application/json')
    .send(body)
})
await app.listen({ port: Number(port), host: '127.0.0.1' })
const { port: actual } = app.server.address()
process.stdout.write(`bare proxy listening on http://127.0.0.1:${actual}\n`)
process.on('SIGTERM', () => app.close().then(() => process.exit(0)))
