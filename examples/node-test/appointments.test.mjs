// node:test, no test framework to install: `node --test`.
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import { after, before, test } from 'node:test'
import { startAltegioMock } from 'altegio-hooks-mock'

let mock
const received = []
const receiver = createServer((req, res) => {
  let body = ''
  req.on('data', (chunk) => (body += chunk))
  req.on('end', () => {
    received.push(JSON.parse(body))
    res.writeHead(200).end()
  })
})

before(async () => {
  mock = await startAltegioMock()
  await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve))
})
after(async () => {
  await mock.close()
  receiver.close()
})

test('a client created at location 123 reaches the integration', async () => {
  const hookUrl = `http://127.0.0.1:${receiver.address().port}/altegio`
  await mock.seed(123, { urls: [hookUrl], active: 1, client: 1 })

  const { delivery_ids } = await mock.trigger(123, {
    resource: 'client',
    status: 'create',
    resource_id: 789,
  })
  const [delivery] = await mock.deliveries.waitFor({ delivery_ids })

  assert.deepEqual(delivery_ids, [delivery.id])
  assert.equal(delivery.state, 'delivered')
  assert.equal(received.length, 1)
  assert.equal(received[0].resource, 'client')
  assert.equal(received[0].resource_id, 789)
  assert.equal(received[0].data.id, 789)
})
