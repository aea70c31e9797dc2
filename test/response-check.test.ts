import Fastify from 'fastify'
import { expect, it } from 'vitest'
import { addFaultTracking } from '../src/api/shared/guards.js'
import { addResponseCheck } from '../src/http/response-check.js'
import { SuccessEnvelope } from '../src/schemas/envelope.js'
import { Type } from '../src/schemas/typebox.js'

it('--check-responses checks an answer sent as bytes, as one sent as a string', async () => {
  const app = Fastify()
  addFaultTracking(app)
  addResponseCheck(app)
  const schema = { response: { 200: SuccessEnvelope(Type.Array(Type.Integer())) } }
  const wrong = '{"success":true,"data":["one"],"meta":[]}'
  app.get('/string', { schema }, (_request, reply) => reply.type('application/json').send(wrong))
  app.get('/bytes', { schema }, (_request, reply) =>
    reply.type('application/json').send(Buffer.from(wrong)),
  )
  app.get('/good', { schema }, (_request, reply) =>
    reply.type('application/json').send(Buffer.from('{"success":true,"data":[1],"meta":[]}')),
  )
  // A 500 (its text is the error handler's, which this bare app lacks).
  for (const url of ['/string', '/bytes']) {
    expect([url, (await app.inject({ method: 'GET', url })).statusCode]).toEqual([url, 500])
  }
  expect((await app.inject({ method: 'GET', url: '/good' })).statusCode).toBe(200)
  await app.close()
})
