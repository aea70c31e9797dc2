import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { WebhookRequest } from '../src/deliveries/webhook-client.js'
import { Store } from '../src/store/store.js'
import { fullBody, openStore, tempDir, testApp } from './helpers.js'

/** An app over a data file whose webhooks go to a recording fake. */
async function clientsApp(file?: string) {
  const sent: WebhookRequest[] = []
  const { app, store } = await testApp({
    file,
    seed: 7,
    webhookClient: async (request) => {
      sent.push(request)
      return { statusCode: 200 }
    },
  })
  await app.inject({
    method: 'PUT',
    url: '/__mock/locations/5/settings',
    payload: fullBody(['https://r.example/h'], { client: 1, record: 1 }),
  })
  return { app, store, sent }
}

/** Triggers one event and answers the entity its webhook carried. */
async function delivered(
  app: Awaited<ReturnType<typeof clientsApp>>['app'],
  sent: WebhookRequest[],
  resource: string,
  resource_id: number,
) {
  const before = sent.length
  const trigger = await app.inject({
    method: 'POST',
    url: '/__mock/locations/5/events',
    payload: { resource, status: 'update', resource_id },
  })
  const [id] = trigger.json().data.delivery_ids
  await app.inject({
    method: 'POST',
    url: '/__mock/deliveries/wait',
    payload: { delivery_ids: [id] },
  })
  expect(sent.length).toBe(before + 1)
  return JSON.parse(String(sent[before]?.body)).data
}

const invalid = (errors: Record<string, string[]>) => ({
  success: false,
  data: null,
  meta: { message: 'An error has occurred.', errors },
})

describe('/__mock/locations/:id/clients', () => {
  it("lists the location's clients exactly as their client webhooks carry them", async () => {
    const { app, sent } = await clientsApp()
    const res = await app.inject({ method: 'GET', url: '/__mock/locations/5/clients' })
    expect(res.statusCode).toBe(200)
    const { success, data, meta } = res.json()
    expect({ success, meta }).toEqual({ success: true, meta: [] })
    expect(data).toHaveLength(40)
    for (const client of data.slice(0, 3)) {
      const entity = await delivered(app, sent, 'client', client.id)
      expect(client).toEqual({
        id: entity.id,
        name: entity.name,
        surname: entity.surname,
        phone: entity.phone,
        email: entity.email,
        fixed: false,
      })
    }
    // Another location, other clients; the same location, the same list.
    const other = await app.inject({ method: 'GET', url: '/__mock/locations/6/clients' })
    expect(other.json().data[0].id).not.toBe(data[0].id)
    expect(
      (await app.inject({ method: 'GET', url: '/__mock/locations/5/clients' })).json(),
    ).toEqual(res.json())
  })

  it('fixes a client: every later webhook that carries it, and the file, hold the fix', async () => {
    const dir = await tempDir()
    const file = join(dir, 'data.json')
    const { app, sent, store } = await clientsApp(file)
    const record = await delivered(app, sent, 'record', 777)
    const clientId = record.client.id
    const put = await app.inject({
      method: 'PUT',
      url: `/__mock/locations/5/clients/${clientId}`,
      payload: { name: 'Jane', surname: 'Doe', phone: '+13155550176', email: 'jane@example.com' },
    })
    expect(put.statusCode).toBe(200)
    const fixed = {
      id: clientId,
      name: 'Jane',
      surname: 'Doe',
      phone: '+13155550176',
      email: 'jane@example.com',
      fixed: true,
    }
    expect(put.json()).toEqual({ success: true, data: fixed, meta: [] })
    // A second fix changes only what it names.
    const phone = await app.inject({
      method: 'PUT',
      url: `/__mock/locations/5/clients/${clientId}`,
      payload: { phone: '+13155550177' },
    })
    expect(phone.json().data).toEqual({ ...fixed, phone: '+13155550177' })

    const again = await delivered(app, sent, 'record', 777)
    expect(again.client).toEqual({
      ...record.client,
      name: 'Jane',
      surname: 'Doe',
      display_name: 'Jane Doe',
      phone: '+13155550177',
      email: 'jane@example.com',
    })
    const entity = await delivered(app, sent, 'client', clientId)
    expect(entity).toMatchObject({
      name: 'Jane',
      surname: 'Doe',
      display_name: 'Jane Doe',
      phone: '+13155550177',
    })
    const list = (await app.inject({ method: 'GET', url: '/__mock/locations/5/clients' })).json()
      .data
    expect(list.find((c: { id: number }) => c.id === clientId)).toEqual({
      ...fixed,
      phone: '+13155550177',
    })

    // A client outside the pool joins the list once fixed.
    await app.inject({
      method: 'PUT',
      url: '/__mock/locations/5/clients/99',
      payload: { name: 'Zed' },
    })
    const longer = (await app.inject({ method: 'GET', url: '/__mock/locations/5/clients' })).json()
      .data
    expect(longer).toHaveLength(41)
    expect(longer[40]).toMatchObject({ id: 99, name: 'Zed', fixed: true })

    await app.close()
    await store.close()
    const onDisk = JSON.parse(await readFile(file, 'utf8'))
    expect(onDisk.clients).toEqual({
      [`5:${clientId}`]: {
        location_id: 5,
        client_id: clientId,
        name: 'Jane',
        surname: 'Doe',
        phone: '+13155550177',
        email: 'jane@example.com',
      },
      '5:99': { location_id: 5, client_id: 99, name: 'Zed' },
    })
    // The same file starts a mock that carries the fix.
    const reopened = await testApp({ store: await openStore(file), seed: 7 })
    const after = (
      await reopened.app.inject({ method: 'GET', url: '/__mock/locations/5/clients' })
    ).json()
    expect(after.data).toEqual(longer)
  })

  it('refuses a bad fix with a 422 by field and changes nothing', async () => {
    const dir = await tempDir()
    const file = join(dir, 'data.json')
    const { app, store } = await clientsApp(file)
    const before = await app.inject({ method: 'GET', url: '/__mock/locations/5/clients' })
    const cases: [unknown, Record<string, string[]>][] = [
      [
        {},
        {
          body: [
            'the body must give at least one of name, surname, phone, email, e.g. {"phone": "+13155550176"}, got {}.',
          ],
        },
      ],
      [
        { phone: '12-34' },
        {
          phone: [
            'phone must be a phone number: an optional + then 5 to 20 digits, e.g. +13155550176, got "12-34".',
          ],
        },
      ],
      [{ name: '' }, { name: ['name must be text of 1 to 255 characters, got "".'] }],
      [
        { email: 'jane' },
        {
          email: [
            'email must be an e-mail address such as jane@example.com, or "" for none, got "jane".',
          ],
        },
      ],
    ]
    for (const [payload, errors] of cases) {
      const res = await app.inject({
        method: 'PUT',
        url: '/__mock/locations/5/clients/3',
        payload: payload as object,
      })
      expect(res.statusCode).toBe(422)
      expect(res.json()).toEqual(invalid(errors))
    }
    const unknown = await app.inject({
      method: 'PUT',
      url: '/__mock/locations/5/clients/3',
      payload: { nickname: 'J' },
    })
    expect(unknown.statusCode).toBe(422)
    expect(unknown.json().meta.errors).toHaveProperty('nickname')
    const badId = await app.inject({
      method: 'PUT',
      url: '/__mock/locations/5/clients/0',
      payload: { name: 'A' },
    })
    expect(badId.statusCode).toBe(422)
    expect(
      (await app.inject({ method: 'GET', url: '/__mock/locations/5/clients' })).json(),
    ).toEqual(before.json())
    await app.close()
    await store.close()
    expect(JSON.parse(await readFile(file, 'utf8')).clients).toBeUndefined()
  })

  it('forgets a location’s fixes on its reset, and only its own', async () => {
    const { app } = await clientsApp()
    for (const location of [5, 6]) {
      await app.inject({
        method: 'PUT',
        url: `/__mock/locations/${location}/clients/99`,
        payload: { name: 'Zed' },
      })
    }
    await app.inject({ method: 'DELETE', url: '/__mock/locations/5' })
    const five = (await app.inject({ method: 'GET', url: '/__mock/locations/5/clients' })).json()
      .data
    const six = (await app.inject({ method: 'GET', url: '/__mock/locations/6/clients' })).json()
      .data
    expect(five).toHaveLength(40)
    expect(six).toHaveLength(41)
    await app.inject({ method: 'POST', url: '/__mock/reset' })
    expect(
      (await app.inject({ method: 'GET', url: '/__mock/locations/6/clients' })).json().data,
    ).toHaveLength(40)
  })

  it('matches a phone to a client by its digits only', async () => {
    const { app } = await clientsApp()
    const [first] = (await app.inject({ method: 'GET', url: '/__mock/locations/5/clients' })).json()
      .data
    const clients = app.mock.clients
    const spaced = first.phone.replace(/^\+(\d)(\d{3})/, '+$1 ($2) ')
    expect(clients.match(5, spaced)).toEqual(first)
    expect(clients.match(5, first.phone.replace('+', ''))).toEqual(first)
    expect(clients.match(5, '+10000000000')).toBeUndefined()
    expect(clients.match(5, '')).toBeUndefined()
    await clients.fix(5, first.id, { phone: '+13155550176' })
    expect(clients.match(5, '13155550176')).toMatchObject({ id: first.id, fixed: true })
    expect(clients.match(5, first.phone)).toBeUndefined()
  })

  it('a data file with a client entry under the wrong key is refused at start, untouched', async () => {
    const dir = await tempDir()
    const file = join(dir, 'data.json')
    const text = JSON.stringify({
      locations: {},
      clients: { '5:3': { location_id: 5, client_id: 4, name: 'A' } },
    })
    const { writeFile } = await import('node:fs/promises')
    await writeFile(file, text)
    await expect(Store.open(file)).rejects.toThrow(
      `Cannot use the data file ${file}: "5:3" under "clients" is not "<location_id>:<client_id>" of its entry.`,
    )
    expect(await readFile(file, 'utf8')).toBe(text)
  })
})
