// The practical limit the mock is measured against: Fastify answering the
// same bytes as the mock, with no validation, auth or persistence. With
// DURABLE_FILE, the durable limit: each POST's body appended to that file and
// fdatasynced before its 201, the syncs of one turn of the event loop batched
// into one, as the mock's log batches them.
// Usage: node bench/bare-server.mjs PORT GET_BODY_FILE POST_BODY_FILE [DURABLE_FILE]
import { fdatasyncSync, openSync, readFileSync, writeSync } from 'node:fs'
import Fastify from 'fastify'

const [port = '0', getFile, postFile, durableFile] = process.argv.slice(2)
const getBody = getFile ? readFileSync(getFile, 'utf8') : '{"success":true,"data":{},"meta":[]}'
const postBody = postFile ? readFileSync(postFile, 'utf8') : getBody
const app = Fastify()
const json = 'application/json; charset=utf-8'
app.get('/__mock/health', async (_req, reply) => reply.type(json).send('{"success":true}'))
app.get('/api/v1/hooks_settings/:location_id', async (_req, reply) =>
  reply.type(json).send(getBody),
)
const fd = durableFile ? openSync(durableFile, 'a') : undefined
let pending = []
function flush() {
  const batch = pending
  pending = []
  writeSync(fd, batch.map((p) => p.line).join(''))
  fdatasyncSync(fd)
  for (const p of batch) p.done()
}
const durable = (body) =>
  new Promise((done) => {
    pending.push({ line: `${JSON.stringify(body)}\n`, done })
    if (pending.length === 1) setImmediate(flush)
  })
app.post('/api/v1/hooks_settings/:location_id', async (req, reply) => {
  if (fd !== undefined) await durable(req.body)
  return reply.code(201).type(json).send(postBody)
})
await app.listen({ port: Number(port), host: '127.0.0.1' })
const { port: actual } = app.server.address()
process.stdout.write(`bare server listening on http://127.0.0.1:${actual}\n`)
process.on('SIGTERM', () => app.close().then(() => process.exit(0)))
