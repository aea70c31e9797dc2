// The practical limit of the mock's deliveries: a process that takes
// webhook bodies over HTTP, answers at once, and POSTs them to the receiver
// with undici, 8 in flight per URL as the mock's lanes allow, with no entity
// generation, journal, retries or delivery thread.
// Usage: node bench/bare-deliverer.mjs PORT
// POST /deliver {"url": "...", "bodies": ["...", ...]} answers 202.
import Fastify from 'fastify'
import { Agent, request } from 'undici'

const [port = '0'] = process.argv.slice(2)
const IN_FLIGHT = 8
const agent = new Agent()
const queue = []
let active = 0
function pump() {
  while (active < IN_FLIGHT && queue.length > 0) {
    const { url, body } = queue.shift()
    active++
    request(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
      dispatcher: agent,
    })
      .then((res) => res.body.dump())
      .catch(() => {})
      .finally(() => {
        active--
        pump()
      })
  }
}
const app = Fastify({ bodyLimit: 64 * 1024 * 1024 })
app.get('/__mock/health', async () => ({ success: true }))
app.post('/deliver', async (req, reply) => {
  const { url, bodies } = req.body
  for (const body of bodies) queue.push({ url, body })
  pump()
  return reply.code(202).send({ success: true, data: { queued: bodies.length } })
})
await app.listen({ port: Number(port), host: '127.0.0.1' })
const { port: actual } = app.server.address()
process.stdout.write(`bare deliverer listening on http://127.0.0.1:${actual}\n`)
process.on('SIGTERM', () => app.close().then(() => process.exit(0)))
