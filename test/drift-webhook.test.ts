import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { compareWebhook } from '../src/drift/webhook.js'
import { testMock } from './helpers.js'
import { runCli } from './mock-process.js'

const FIXTURE = 'test/fixtures/webhook-record.json'
const capture = async () => JSON.parse(await readFile(FIXTURE, 'utf8'))

/** What the record fixture lacks of the mock's record: the three fields it was captured without. */
const RECORD_EXTRAS = [
  { kind: 'extra', path: 'data.comer_person_info', upstream: '', mock: 'null' },
  { kind: 'extra', path: 'data.short_link', upstream: '', mock: 'string' },
  { kind: 'extra', path: 'data.composite', upstream: '', mock: 'array' },
]

describe('webhook drift: a captured body against the mock entity', () => {
  it('finds no field of the record fixture missing from the mock, and each extra one by path', async () => {
    expect(compareWebhook(await capture(), 1)).toEqual({
      resource: 'record',
      differences: RECORD_EXTRAS,
    })
  })

  it('names a field the mock lacks and a type it gets wrong, by path, with types only', async () => {
    const body = await capture()
    body.data.loyalty_points = 12
    body.data.client.phone = 70000000000
    body.data.date = '2025-07-12T14:30:00+03:00'
    body.data.services[0].cost = '3000.00'
    const { differences } = compareWebhook(body, 1)
    expect(differences.filter((difference) => difference.kind !== 'extra')).toEqual([
      { kind: 'missing', path: 'data.loyalty_points', upstream: 'integer', mock: '' },
      {
        kind: 'format',
        path: 'data.date',
        upstream: 'string: date-time (T, +hh:mm)',
        mock: 'string: date-time (space, no offset)',
      },
      {
        kind: 'type',
        path: 'data.services[].cost',
        upstream: 'string: decimal text',
        mock: 'integer',
      },
      { kind: 'type', path: 'data.client.phone', upstream: 'integer', mock: 'string' },
    ])
  })

  it('POST /__mock/drift/webhooks answers the comparison and adds it to GET /__mock/drift, without a value of the capture', async () => {
    const mock = await testMock()
    const posted = await fetch(`${mock.url}/__mock/drift/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: await readFile(FIXTURE, 'utf8'),
    })
    expect(posted.status).toBe(200)
    expect(await posted.json()).toEqual({
      success: true,
      data: { resource: 'record', differences: RECORD_EXTRAS },
      meta: [],
    })
    const report = await (await fetch(`${mock.url}/__mock/drift`)).json()
    expect(report).toEqual({
      success: true,
      data: {
        compared: 0,
        drifted: 0,
        webhooks_compared: 1,
        dropped: 0,
        entries: RECORD_EXTRAS.map((difference) => ({
          route: 'webhook record',
          ...difference,
          count: 1,
          first_seen: expect.any(String),
          last_seen: expect.any(String),
          example: null,
        })),
      },
      meta: [],
    })
    expect(JSON.stringify(report)).not.toMatch(/Ivan|596792978|307626|Haircut/)

    const bad = await fetch(`${mock.url}/__mock/drift/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ resource: 'visit', data: {} }),
    })
    expect(bad.status).toBe(422)
    expect(await bad.json()).toEqual({
      success: false,
      data: null,
      meta: {
        message: 'An error has occurred.',
        errors: {
          body: [
            'The body resource must be one of company, service_category, service, good, staff, client, record, goods_operations_sale, goods_operations_receipt, goods_operations_consumable, goods_operations_stolen, goods_operations_move, finances_operation, loyalty_card, schedule, got "visit".',
          ],
        },
      },
    })
    const cleared = await fetch(`${mock.url}/__mock/drift`, { method: 'DELETE' })
    expect(await cleared.json()).toEqual({ success: true, data: { cleared: true }, meta: [] })
  })

  it('npx altegio-hooks-mock compare-webhook FILE prints each difference; drift URL prints the report', async () => {
    const compared = await runCli(['compare-webhook', FIXTURE])
    expect(compared).toEqual({
      code: 0,
      stdout: `${FIXTURE}: record, 3 differences
  extra data.comer_person_info: the mock has null, the capture not
  extra data.short_link: the mock has string, the capture not
  extra data.composite: the mock has array, the capture not
`,
      stderr: '',
    })
    const mock = await testMock()
    const joined = await runCli(['compare-webhook', FIXTURE, '--url', mock.url, '--json'])
    expect(JSON.parse(joined.stdout)).toEqual([
      { file: FIXTURE, resource: 'record', differences: RECORD_EXTRAS },
    ])
    const printed = await runCli(['drift', mock.url])
    expect(printed.code).toBe(0)
    expect(printed.stdout).toMatch(
      /^0 answers compared, 0 drifted; 1 webhooks compared\n\nwebhook record\n {2}extra data\.comer_person_info: the mock has null, the capture not \(1x, first \S+, last \S+\)\n/,
    )
    expect(printed.stdout.split('\n')).toHaveLength(7)
    const free = createServer()
    await new Promise<void>((resolve) => free.listen(0, '127.0.0.1', resolve))
    const closed = `http://127.0.0.1:${(free.address() as AddressInfo).port}`
    await new Promise((resolve) => free.close(resolve))
    const unreachable = await runCli(['drift', closed])
    expect(unreachable).toEqual({
      code: 1,
      stdout: '',
      stderr: `altegio-hooks-mock drift: could not reach ${closed}/__mock/drift (ECONNREFUSED): start the mock first, or give its URL, e.g. altegio-hooks-mock drift http://127.0.0.1:8080\n`,
    })
  })
})
