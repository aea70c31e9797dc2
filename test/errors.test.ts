import type { InjectOptions } from 'fastify'
import { describe, expect, it } from 'vitest'
import {
  fullBody,
  HEADERS,
  jsonError,
  parseWarnings,
  stored,
  storedAt,
  testApp,
} from './helpers.js'

const PATH = '/api/v1/hooks_settings/123'
const unauthorized = { success: false, data: null, meta: { message: 'Authentication needed.' } }

describe('Authorization', () => {
  const cases: [string, Record<string, string>, string][] = [
    [
      'a missing header',
      {},
      'no Authorization header; hooks_settings needs Authorization: Bearer <partner token>, User <user token>',
    ],
    [
      'a partner-only token',
      { authorization: 'Bearer partner' },
      'only a partner token was sent; hooks_settings needs a user token too: Authorization: Bearer <partner token>, User <user token>',
    ],
    [
      'another scheme',
      { authorization: 'Basic dXNlcjpwYXNz' },
      'the Authorization header (scheme "Basic") is not in the expected form Authorization: Bearer <partner token>, User <user token>',
    ],
    [
      'empty tokens',
      { authorization: 'Bearer , User ' },
      'the Authorization header (scheme "Bearer") is not in the expected form Authorization: Bearer <partner token>, User <user token>',
    ],
    [
      'the parts swapped',
      { authorization: 'User u, Bearer p' },
      'the Authorization header (scheme "User") is not in the expected form Authorization: Bearer <partner token>, User <user token>',
    ],
  ]
  for (const [name, headers, hint] of cases) {
    it(`answers 401 to ${name}, with the reason as a warning`, async () => {
      const { app } = await testApp()
      const res = await app.inject({
        method: 'GET',
        url: PATH,
        headers: { accept: HEADERS.accept, ...headers },
      })
      expect(res.statusCode).toBe(401)
      expect(res.json()).toEqual(unauthorized)
      expect(parseWarnings(res.headers['x-mock-warnings'])).toEqual([`http-401: ${hint}`])
    })
  }

  it('accepts any scheme casing and spacing of the two-part header', async () => {
    const { app } = await testApp()
    const res = await app.inject({
      method: 'GET',
      url: PATH,
      headers: { accept: HEADERS.accept, authorization: 'bearer p1,user u1' },
    })
    expect(res.statusCode).toBe(200)
  })

  it('checks auth before the body: a bad body without auth is still 401, and nothing is saved', async () => {
    const { app, store } = await testApp()
    const res = await app.inject({
      method: 'POST',
      url: PATH,
      payload: '{not json',
      headers: { 'content-type': 'application/json' },
    })
    expect(res.statusCode).toBe(401)
    expect(res.json()).toEqual(unauthorized)
    expect(store.size('locations')).toBe(0)
  })

  it('with configured tokens, answers 401 to unknown ones and 200 to known ones', async () => {
    const { app } = await testApp({ partnerTokens: ['p1'], userTokens: ['u1', 'u2'] })
    const get = (authorization: string) =>
      app.inject({ method: 'GET', url: PATH, headers: { accept: HEADERS.accept, authorization } })
    const badPartner = await get('Bearer p2, User u1')
    expect(badPartner.statusCode).toBe(401)
    expect(badPartner.json()).toEqual(unauthorized)
    expect(parseWarnings(badPartner.headers['x-mock-warnings'])).toEqual([
      'http-401: the partner token is not one of the tokens this mock was started with (--partner-token)',
    ])
    const badUser = await get('Bearer p1, User u3')
    expect(badUser.statusCode).toBe(401)
    expect(parseWarnings(badUser.headers['x-mock-warnings'])).toEqual([
      'http-401: the user token is not one of the tokens this mock was started with (--user-token)',
    ])
    expect((await get('Bearer p1, User u2')).statusCode).toBe(200)
  })

  it('answers 403 "Access denied." when the user is limited to other locations', async () => {
    const { app, store } = await testApp({ userAccess: { u1: [7, 8] } })
    const post = (url: string, authorization: string) =>
      app.inject({
        method: 'POST',
        url,
        headers: { accept: HEADERS.accept, authorization },
        payload: fullBody(),
      })
    const denied = await post(PATH, 'Bearer p, User u1')
    expect(denied.statusCode).toBe(403)
    expect(denied.json()).toEqual({
      success: false,
      data: null,
      meta: { message: 'Access denied.' },
    })
    expect(parseWarnings(denied.headers['x-mock-warnings'])).toEqual([
      'http-403: this user token may only access locations 7, 8 (--user-access), not 123',
    ])
    expect(store.size('locations')).toBe(0)
    expect((await post('/api/v1/hooks_settings/8', 'Bearer p, User u1')).statusCode).toBe(201)
    // Users that are not listed reach every location.
    expect((await post(PATH, 'Bearer p, User u2')).statusCode).toBe(201)
  })

  it('judges each request by its own header when headers alternate', async () => {
    const { app } = await testApp({ userTokens: ['u1', 'u2'], userAccess: { u1: [7] } })
    const get = (id: number, authorization: string) =>
      app.inject({
        method: 'GET',
        url: `/api/v1/hooks_settings/${id}`,
        headers: { accept: HEADERS.accept, authorization },
      })
    const statuses = []
    for (const [id, authorization] of [
      [8, 'Bearer p, User u2'],
      [8, 'Bearer p, User u1'],
      [8, 'Bearer p, User u2'],
      [7, 'Bearer p, User u1'],
      [7, 'Bearer p, User u3'],
      [7, 'Bearer p, User u1'],
      [8, 'Bearer p, User u1'],
    ] as const) {
      statuses.push((await get(id, authorization)).statusCode)
    }
    expect(statuses).toEqual([200, 403, 200, 200, 401, 200, 403])
  })
})

describe('validation', () => {
  const invalid = (errors: Record<string, string[]>) => ({
    success: false,
    data: null,
    meta: { message: 'An error has occurred.', errors },
  })

  async function postAfterValidSave(payload: unknown) {
    const { app, store } = await testApp()
    const saved = fullBody(['https://kept.example/h'], { record: 1 })
    await app.inject({ method: 'POST', url: PATH, headers: HEADERS, payload: saved })
    const res = await app.inject({
      method: 'POST',
      url: PATH,
      headers: { ...HEADERS, 'content-type': 'application/json' },
      payload: JSON.stringify(payload),
    })
    // A refused request changes nothing.
    expect(storedAt(store, 123)).toEqual(stored(saved))
    return res
  }

  it('names every missing required field', async () => {
    const res = await postAfterValidSave({})
    expect(res.statusCode).toBe(422)
    expect(res.json()).toEqual(
      invalid({
        urls: [
          'urls is required and must be a list of 1 to 10 unique webhook URLs, e.g. ["https://example.com/altegio"].',
        ],
        active: ['active is required and must be the integer 0 or 1 (1 = on, 0 = off).'],
      }),
    )
  })

  it('refuses flags that are not the integers 0 or 1, without coercing "1" or true', async () => {
    const res = await postAfterValidSave({
      ...fullBody(),
      active: 2,
      record: '1',
      client: true,
      salon: 0.5,
    })
    expect(res.statusCode).toBe(422)
    expect(res.json()).toEqual(
      invalid({
        active: ['active must be the integer 0 or 1 (1 = on, 0 = off), got 2.'],
        salon: ['salon must be the integer 0 or 1 (1 = on, 0 = off), got 0.5.'],
        client: ['client must be the integer 0 or 1 (1 = on, 0 = off), got true.'],
        record: ['record must be the integer 0 or 1 (1 = on, 0 = off), got "1".'],
      }),
    )
  })

  it('refuses an empty list, more than 10 URLs, duplicates, and non-http(s) URLs', async () => {
    const urlsRule =
      'urls must be a list of 1 to 10 unique webhook URLs, e.g. ["https://example.com/altegio"]'
    const empty = await postAfterValidSave(fullBody([]))
    expect(empty.statusCode).toBe(422)
    expect(empty.json()).toEqual(invalid({ urls: [`${urlsRule}, got [].`] }))

    const eleven = Array.from({ length: 11 }, (_, i) => `https://h${i}.example/`)
    const tooMany = await postAfterValidSave(fullBody(eleven))
    expect(tooMany.statusCode).toBe(422)
    expect(tooMany.json().meta.errors).toEqual({
      urls: [`${urlsRule}, got ${JSON.stringify(eleven).slice(0, 77)}....`],
    })

    const dup = await postAfterValidSave(
      fullBody(['https://a.example/', 'https://b.example/', 'https://a.example/']),
    )
    expect(dup.statusCode).toBe(422)
    expect(dup.json()).toEqual(
      invalid({
        urls: [
          'urls must not list a URL twice: urls[0] and urls[2] are both "https://a.example/".',
        ],
      }),
    )

    const bad = await postAfterValidSave(
      fullBody(['ftp://files.example/x', 'not a url', 42 as unknown as string]),
    )
    expect(bad.statusCode).toBe(422)
    const urlRule =
      'must be an absolute http:// or https:// URL, e.g. "https://example.com/altegio"'
    expect(bad.json()).toEqual(
      invalid({
        urls: [
          `urls[0] ${urlRule}, got "ftp://files.example/x".`,
          `urls[1] ${urlRule}, got "not a url".`,
          `urls[2] ${urlRule}, got 42.`,
        ],
      }),
    )
  })

  it('refuses URLs the WHATWG parser refuses, saying what is wrong with each', async () => {
    const urls = [
      'http://a.example:99999/',
      'http://256.256.256.256/',
      'http://1.2.3.4.5/',
      'http://xn--/',
      'http://a.example/x y',
      'https://a.example/\u00e9\ufffd',
    ]
    const res = await postAfterValidSave(fullBody(urls))
    expect(res.statusCode).toBe(422)
    const urlRule =
      'must be an absolute http:// or https:// URL, e.g. "https://example.com/altegio"'
    expect(res.json()).toEqual(
      invalid({
        urls: [
          `urls[0] ${urlRule}, got "http://a.example:99999/": its port 99999 is above 65535, the highest port.`,
          `urls[1] ${urlRule}, got "http://256.256.256.256/": its host 256.256.256.256 ends in a number, so it must be an IPv4 address: at most four numbers from 0 to 255, e.g. 192.0.2.10.`,
          `urls[2] ${urlRule}, got "http://1.2.3.4.5/": its host 1.2.3.4.5 ends in a number, so it must be an IPv4 address: at most four numbers from 0 to 255, e.g. 192.0.2.10.`,
          `urls[3] ${urlRule}, got "http://xn--/": its host xn-- has an xn-- label that is not valid punycode.`,
          `urls[4] ${urlRule}, got "http://a.example/x y": it contains a space or a control character.`,
          `urls[5] ${urlRule}, got "https://a.example/\u00e9\ufffd": it contains a character outside ASCII: percent-encode it (é is %C3%A9), and give a host name in punycode (xn--...).`,
        ],
      }),
    )
  })

  it('refuses a seed whose URL the parser refuses, by field', async () => {
    const { app, store } = await testApp()
    const res = await app.inject({
      method: 'PUT',
      url: '/__mock/locations/123/settings',
      payload: { url_settings: [{ url: 'http://a.example:99999/', active: 1 }] },
    })
    expect(res.statusCode).toBe(422)
    expect(res.json()).toEqual(
      invalid({
        url_settings: [
          'url_settings[0][url] must be an absolute http:// or https:// URL, e.g. "https://example.com/altegio", got "http://a.example:99999/": its port 99999 is above 65535, the highest port.',
        ],
      }),
    )
    expect(storedAt(store, 123)).toBeUndefined()
  })

  it('refuses a body that is not an object', async () => {
    for (const payload of [[], 'text', 7, null]) {
      const res = await postAfterValidSave(payload)
      expect(res.statusCode).toBe(422)
      expect(res.json()).toEqual(
        invalid({
          body: [
            `the body must be a JSON object such as {"urls": ["https://example.com/altegio"], "active": 1}, got ${JSON.stringify(payload)}.`,
          ],
        }),
      )
    }
  })

  it('refuses a location id that is not a positive integer', async () => {
    const { app } = await testApp()
    for (const id of ['0', '-5', 'abc', '1.5', '0012', '9999999999999999']) {
      const res = await app.inject({
        method: 'GET',
        url: `/api/v1/hooks_settings/${id}`,
        headers: HEADERS,
      })
      expect(res.statusCode).toBe(422)
      expect(res.json()).toEqual(
        invalid({
          location_id: [
            `location_id must be a positive integer up to 999999999999999, the location id (e.g. /hooks_settings/123456), got "${id}".`,
          ],
        }),
      )
    }
  })

  it('refuses a POST to a location id that is not a positive integer before reading its body', async () => {
    const { app, store } = await testApp()
    for (const id of ['0', 'abc', '9999999999999999']) {
      const res = await app.inject({
        method: 'POST',
        url: `/api/v1/hooks_settings/${id}`,
        headers: { ...HEADERS, 'content-type': 'application/json' },
        payload: '{"urls": [',
      })
      expect(res.statusCode).toBe(422)
      expect(res.json()).toEqual(
        invalid({
          location_id: [
            `location_id must be a positive integer up to 999999999999999, the location id (e.g. /hooks_settings/123456), got "${id}".`,
          ],
        }),
      )
    }
    expect(store.size('locations')).toBe(0)
  })
})

describe('malformed requests', () => {
  async function post(payload: string | Buffer, headers: Record<string, string>) {
    const { app, store } = await testApp({ bodyLimit: 4096 })
    const res = await app.inject({
      method: 'POST',
      url: PATH,
      headers: { ...HEADERS, ...headers },
      payload,
    })
    expect(store.size('locations')).toBe(0)
    return res
  }
  const error = (message: string) => ({ success: false, data: null, meta: { message } })

  it('answers 400 to malformed JSON, saying where', async () => {
    const res = await post('{"urls": [}', { 'content-type': 'application/json' })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toEqual(
      error(
        `The request body is not valid JSON (${jsonError('{"urls": [}')}). Send a JSON object with Content-Type: application/json.`,
      ),
    )
  })

  it('answers 400 to __proto__ and constructor.prototype keys', async () => {
    for (const payload of [
      '{"urls":["https://a.example/"],"active":1,"__proto__":{"x":1}}',
      '{"constructor":{"prototype":{"x":1}}}',
    ]) {
      const res = await post(payload, { 'content-type': 'application/json' })
      expect(res.statusCode).toBe(400)
      expect(res.json().meta.message).toMatch(
        /^The request body is not valid JSON \(Object contains forbidden prototype property\)/,
      )
    }
  })

  it('answers 400 to JSON nested deeper than 64 levels, before anything recurses over it', async () => {
    for (const payload of [
      `${'['.repeat(1500)}${']'.repeat(1500)}`,
      `{"a": ${'{"b": '.repeat(65)}1${'}'.repeat(65)}}`,
    ]) {
      const res = await post(payload, { 'content-type': 'application/json' })
      expect(res.statusCode).toBe(400)
      expect(res.json()).toEqual(
        error(
          'The request body nests arrays or objects deeper than 64 levels; settings are a flat object.',
        ),
      )
    }
    // Brackets inside strings do not count.
    const { app } = await testApp()
    const res = await app.inject({
      method: 'POST',
      url: PATH,
      headers: HEADERS,
      payload: { ...fullBody(), note: '['.repeat(100) },
    })
    expect(res.statusCode).toBe(201)
  })

  it('answers an empty JSON body as no body: optional bodies absent, required ones named by their route', async () => {
    const { app } = await testApp()
    const routes: (InjectOptions & { headers?: Record<string, string> })[] = [
      { method: 'POST', url: PATH, headers: HEADERS },
      { method: 'POST', url: '/__mock/reset' },
      { method: 'DELETE', url: '/__mock/locations/5' },
      { method: 'PUT', url: '/__mock/locations/5/settings' },
      { method: 'POST', url: '/__mock/deliveries/wait' },
      {
        method: 'POST',
        url: '/marketplace/partner/callback',
        headers: { authorization: 'Bearer p' },
      },
    ]
    for (const route of routes) {
      const none = await app.inject(route)
      for (const payload of ['', '  \r\n']) {
        const empty = await app.inject({
          ...route,
          headers: { ...route.headers, 'content-type': 'application/json' },
          payload,
        })
        expect({ route, status: empty.statusCode, body: empty.json() }).toEqual({
          route,
          status: none.statusCode,
          body: none.json(),
        })
      }
    }
    // A required body's refusal names what that route takes.
    const res = await post('', { 'content-type': 'application/json' })
    expect(res.statusCode).toBe(422)
    expect(res.json()).toEqual({
      success: false,
      data: null,
      meta: {
        message: 'An error has occurred.',
        errors: {
          body: [
            'the body must be a JSON object such as {"urls": ["https://example.com/altegio"], "active": 1}, got nothing.',
          ],
        },
      },
    })
    const reset = await app.inject({
      method: 'POST',
      url: '/__mock/reset',
      headers: { 'content-type': 'application/json' },
      payload: '',
    })
    expect(reset.json()).toEqual({ success: true, data: { reset: 'all' }, meta: [] })
  })

  it('answers 415 to a Content-Type that is not JSON', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const res = await post('urls=x&active=1', { 'content-type': type })
      expect(res.statusCode).toBe(415)
      expect(res.json()).toEqual(
        error(
          `Content-Type "${type}" is not supported: send the body as JSON with Content-Type: application/json.`,
        ),
      )
    }
  })

  it('answers 413 to a body over the limit', async () => {
    const res = await post(
      JSON.stringify({ urls: ['https://a.example/'], active: 1, pad: 'x'.repeat(5000) }),
      {
        'content-type': 'application/json',
      },
    )
    expect(res.statusCode).toBe(413)
    expect(res.json()).toEqual(
      error(
        'The request body is larger than the mock accepts (4096 bytes). Settings are a few hundred bytes: check what is being sent.',
      ),
    )
  })
})
