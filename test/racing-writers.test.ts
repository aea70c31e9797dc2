import { join } from 'node:path'
import type { FastifyInstance, InjectOptions } from 'fastify'
import { describe, expect, it } from 'vitest'
import { Store } from '../src/store/store.js'
import { fullBody, HEADERS, tempDir } from './helpers.js'
import { install, marketplaceApp, OWNER_HEADERS, PARTNER_HEADERS } from './marketplace-helpers.js'

/**
 * Every pair of writers of one location's state, sent in the same turn of
 * the event loop, must end as one of the two serial orders would: no write
 * acknowledged and then undone by a decision made from stale state (issue 18).
 */

const ID = 123
const OLD_URL = 'https://old.example/hooks'
const APP_URL = 'https://app.example/hooks'

type Setup = 'granted' | 'installed'

interface Writer {
  name: string
  request: InjectOptions
}

const locationWriters: Writer[] = [
  {
    name: 'hooks POST',
    request: {
      method: 'POST',
      url: `/api/v1/hooks_settings/${ID}`,
      headers: HEADERS,
      payload: fullBody(['https://new.example/hooks'], { record: 1 }),
    },
  },
  {
    name: 'seed PUT',
    request: {
      method: 'PUT',
      url: `/__mock/locations/${ID}/settings`,
      payload: fullBody(['https://seed.example/hooks'], { client: 1 }),
    },
  },
  { name: 'location reset', request: { method: 'DELETE', url: `/__mock/locations/${ID}` } },
]

const marketplaceWriters: (Writer & { setup: Setup })[] = [
  {
    name: 'activation',
    setup: 'granted',
    request: {
      method: 'POST',
      url: '/marketplace/partner/callback',
      headers: PARTNER_HEADERS,
      payload: { salon_id: ID, application_id: 7, api_key: 'key', webhook_urls: [APP_URL] },
    },
  },
  {
    name: 'uninstall',
    setup: 'installed',
    request: {
      method: 'POST',
      url: `/marketplace/salon/${ID}/application/7/uninstall`,
      headers: PARTNER_HEADERS,
    },
  },
  {
    name: 'application removal',
    setup: 'installed',
    request: { method: 'DELETE', url: '/__mock/applications/7' },
  },
]

/** The location's settings and installation as the store holds them. */
function stateOf(store: Pick<Store, 'get'>) {
  return {
    settings: store.get('locations', String(ID)) ?? null,
    installation: store.get('installations', `${ID}:7`) ?? null,
    application: store.get('applications', '7') !== undefined,
  }
}

async function prepared(setup: Setup, file?: string) {
  const { app, store } = await marketplaceApp(200, file ? { file } : {})
  const seeded = await app.inject({
    method: 'POST',
    url: `/api/v1/hooks_settings/${ID}`,
    headers: HEADERS,
    payload: fullBody([OLD_URL]),
  })
  expect(seeded.statusCode).toBe(201)
  if (setup === 'installed') await install(app, ID, [APP_URL])
  else {
    const grant = await app.inject({
      method: 'POST',
      url: `/api/v1/company/${ID}/marketplace/applications/7/grant_access`,
      headers: OWNER_HEADERS,
    })
    expect(grant.statusCode).toBe(200)
  }
  return { app, store }
}

const answer = async (app: FastifyInstance, request: InjectOptions) => {
  const reply = await app.inject(request)
  return { status: reply.statusCode, body: reply.json() as unknown }
}

/** What the two writes give one after the other, in each order. */
async function serialOutcomes(setup: Setup, first: Writer, second: Writer) {
  const outcomes = []
  for (const [a, b] of [
    [first, second],
    [second, first],
  ] as const) {
    const { app, store } = await prepared(setup)
    const answers = {
      [a.name]: await answer(app, a.request),
      [b.name]: await answer(app, b.request),
    }
    outcomes.push({ answers, state: stateOf(store) })
  }
  return outcomes
}

const pairs = locationWriters.flatMap((location) =>
  marketplaceWriters.flatMap((market) => [
    { setup: market.setup, first: location, second: market as Writer },
    { setup: market.setup, first: market as Writer, second: location },
  ]),
)

describe('two writers of one location at once', () => {
  for (const backend of ['a data file', ':memory:'] as const) {
    it.each(pairs)(
      `$first.name then $second.name, with ${backend}`,
      async ({ setup, first, second }) => {
        const expected = await serialOutcomes(setup, first, second)
        const file = backend === 'a data file' ? join(await tempDir(), 'db.json') : undefined
        const { app, store } = await prepared(setup, file)
        const [a, b] = await Promise.all([answer(app, first.request), answer(app, second.request)])
        const outcome = { answers: { [first.name]: a, [second.name]: b }, state: stateOf(store) }
        expect(expected).toContainEqual(outcome)
        if (!file) return
        // And the data file holds the same, once the mock has stopped.
        await app.close()
        await store.close()
        const reopened = await Store.open(file)
        try {
          expect(stateOf(reopened)).toEqual(outcome.state)
        } finally {
          await reopened.close()
        }
      },
    )
  }
})
