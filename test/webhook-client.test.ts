import { describe, expect, it } from 'vitest'
import { Cancel } from '../src/deliveries/cancel.js'
import { threadedWebhookClient } from '../src/deliveries/webhook-client.js'
import { onCleanup } from './helpers.js'
import { refusingUrl, startReceiver } from './receiver.js'

const headers = { 'content-type': 'application/json', 'user-agent': 'altegio-hooks-mock' }

function client(timeoutMs = 5000) {
  const c = threadedWebhookClient({ connectTimeoutMs: 1000, timeoutMs })
  onCleanup(c.close)
  return c
}

describe('threadedWebhookClient (the delivery thread)', () => {
  it('sends from its thread and answers each attempt, many at once', async () => {
    const receiver = await startReceiver((n) => (n % 2 ? 200 : 503))
    const { send } = client()
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        send({
          url: receiver.url,
          body: JSON.stringify({ n: i }),
          headers,
          cancel: new Cancel(),
        }),
      ),
    )
    expect(outcomes.filter((o) => 'statusCode' in o && o.statusCode === 200)).toHaveLength(10)
    expect(outcomes.filter((o) => 'statusCode' in o && o.statusCode === 503)).toHaveLength(10)
    expect(receiver.received.map((r) => (r.body as { n: number }).n).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i),
    )
    expect(receiver.received[0]?.headers['user-agent']).toBe('altegio-hooks-mock')
  })

  it('sends each attempt with its own headers, past the header sets both ends number', async () => {
    const receiver = await startReceiver()
    const { send } = client()
    // 20 distinct sets (more than MAX_HEADER_SETS), each sent three times, interleaved.
    const sets = Array.from({ length: 20 }, (_, i) => ({ ...headers, 'x-set': String(i) }))
    const attempts = Array.from({ length: 60 }, (_, n) => ({ n, set: n % 20 }))
    for (let round = 0; round < 3; round++) {
      await Promise.all(
        attempts
          .filter(({ n }) => Math.floor(n / 20) === round)
          .map(({ n, set }) =>
            send({
              url: receiver.url,
              body: JSON.stringify({ n }),
              headers: sets[set] as Record<string, string>,
              cancel: new Cancel(),
            }),
          ),
      )
    }
    const seen = receiver.received
      .map((r) => [(r.body as { n: number }).n, r.headers['x-set']])
      .sort((a, b) => (a[0] as number) - (b[0] as number))
    expect(seen).toEqual(attempts.map(({ n, set }) => [n, String(set)]))
  })

  it('says why an attempt failed: refused, timed out, aborted', async () => {
    const hanging = await startReceiver(() => 'hang')
    const { send } = client(300)
    const cancel = () => new Cancel()
    const timed = { startedAt: expect.any(Number), durationMs: expect.any(Number) }
    expect(await send({ url: await refusingUrl(), body: '{}', headers, cancel: cancel() })).toEqual(
      { error: 'connection refused', ...timed },
    )
    const timeout = await send({ url: hanging.url, body: '{}', headers, cancel: cancel() })
    expect(timeout).toEqual({ error: 'no complete answer within 300 ms', ...timed })
    expect(timeout.durationMs).toBeGreaterThanOrEqual(290)
    const controller = new Cancel()
    const aborted = send({ url: hanging.url, body: '{}', headers, cancel: controller })
    // The first attempt starts the thread and loads undici: a second or more on a busy machine.
    await expect.poll(() => hanging.received.length, { timeout: 10_000 }).toBe(2)
    controller.abort()
    expect(await aborted).toEqual({ error: 'aborted', ...timed })
  })

  it('answers every pending attempt when it is closed, and starts a new thread after', async () => {
    const hanging = await startReceiver(() => 'hang')
    const receiver = await startReceiver()
    const c = client()
    const pending = c.send({
      url: hanging.url,
      body: '{}',
      headers,
      cancel: new Cancel(),
    })
    // The first attempt starts the thread and loads undici: a second or more on a busy machine.
    await expect.poll(() => hanging.received.length, { timeout: 10_000 }).toBe(1)
    await c.close()
    expect(await pending).toEqual({ error: 'the delivery thread stopped (exit code 1)' })
    expect(
      await c.send({
        url: receiver.url,
        body: '{}',
        headers,
        cancel: new Cancel(),
      }),
    ).toEqual({ statusCode: 200, startedAt: expect.any(Number), durationMs: expect.any(Number) })
  })

  it('keeps 8 attempts in flight per URL in its own lanes; a waiting one aborts without being sent', async () => {
    const hanging = await startReceiver(() => 'hang')
    const other = await startReceiver()
    const { send } = client()
    const controllers = Array.from({ length: 10 }, () => new Cancel())
    const outcomes = controllers.map((controller) =>
      send({ url: hanging.url, body: '{}', headers, cancel: controller }),
    )
    // The first attempt starts the thread and loads undici: a second or more on a busy machine.
    await expect.poll(() => hanging.received.length, { timeout: 10_000 }).toBe(8)
    // Another URL has its own lane: it is not held up behind the hanging one.
    const sent = await send({
      url: other.url,
      body: '{}',
      headers,
      cancel: new Cancel(),
    })
    expect('statusCode' in sent && sent.statusCode).toBe(200)
    controllers[9]?.abort()
    expect(await outcomes[9]).toEqual({ error: 'aborted' })
    expect(hanging.received).toHaveLength(8)
    for (const controller of controllers) controller.abort()
    await Promise.all(outcomes)
  })
})
