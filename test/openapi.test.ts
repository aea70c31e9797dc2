import { Validator } from '@seriousme/openapi-schema-validator'
import { describe, expect, it } from 'vitest'
import { testApp } from './helpers.js'

type Document = {
  openapi: string
  paths: Record<string, Record<string, Record<string, unknown>>>
  components?: Record<string, unknown>
  servers?: unknown
}

async function documents() {
  const { app } = await testApp()
  const get = async (url: string) => (await app.inject({ method: 'GET', url })).json() as Document
  return {
    altegio: await get('/__mock/altegio-openapi.json'),
    mock: await get('/__mock/openapi.json'),
  }
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options'])

/** "METHOD /path" of every operation of a document. */
function operationsOf(document: Document): string[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((key) => METHODS.has(key))
      .map((method) => `${method.toUpperCase()} ${path}`),
  )
}

async function validate(document: unknown) {
  const validator = new Validator()
  const result = await validator.validate(document as Parameters<Validator['validate']>[0])
  return { valid: result.valid, errors: result.errors, version: validator.version }
}

describe('the OpenAPI documents', () => {
  it('are valid OpenAPI 3.1', async () => {
    const { altegio, mock } = await documents()
    expect(await validate(altegio)).toEqual({ valid: true, errors: undefined, version: '3.1' })
    expect(await validate(mock)).toEqual({ valid: true, errors: undefined, version: '3.1' })
  })

  it('the Altegio one: the emulated routes, their v2 media types and the partner+user scheme', async () => {
    const { altegio } = await documents()
    const operations = operationsOf(altegio)
    expect(operations.sort()).toEqual(
      [
        'GET /api/v1/hooks_settings/{location_id}',
        'POST /api/v1/hooks_settings/{location_id}',
        'POST /api/v1/company/{location_id}/marketplace/applications/{application_id}/grant_access',
        'POST /api/v1/marketplace/partner/callback',
        'GET /api/v1/marketplace/salon/{location_id}/application/{application_id}',
        'GET /api/v1/marketplace/application/{application_id}/salons',
        'POST /api/v1/marketplace/salon/{location_id}/application/{application_id}/uninstall',
        'POST /api/v1/marketplace/partner/payment',
        'POST /api/v1/marketplace/partner/payment/refund/{payment_id}',
        'GET /api/v1/marketplace/application/{application_id}/tariffs',
        'GET /api/v1/marketplace/application/payment_link',
        'POST /api/v1/marketplace/application/add_discount',
        'POST /api/v1/marketplace/partner/callback/redirect',
        'POST /api/v1/marketplace/partner/short_names',
        'POST /api/v1/marketplace/application/update_channel',
        'POST /marketplace/partner/callback',
        'GET /marketplace/salon/{location_id}/application/{application_id}',
        'GET /marketplace/application/{application_id}/salons',
        'POST /marketplace/salon/{location_id}/application/{application_id}/uninstall',
        'POST /marketplace/partner/payment',
        'POST /marketplace/partner/payment/refund/{payment_id}',
        'GET /marketplace/application/{application_id}/tariffs',
        'GET /marketplace/application/payment_link',
        'POST /marketplace/application/add_discount',
        'GET /api/v1/countries',
        'GET /api/v1/cities',
        'GET /api/v1/references/business_groups_with_types',
        'POST /marketplace/partner/callback/redirect',
        'POST /marketplace/partner/short_names',
        'POST /marketplace/application/update_channel',
        'POST /api/v1/voip/integration',
        'GET /api/v1/voip/integration/calls',
      ].sort(),
    )
    const route = altegio.paths['/api/v1/hooks_settings/{location_id}'] ?? {}
    expect(Object.keys(route).sort()).toEqual(['get', 'post'])
    for (const method of ['get', 'post']) {
      const operation = route[method] as {
        security: unknown
        parameters: { name: string; in: string }[]
        responses: Record<string, { content: Record<string, unknown> }>
      }
      expect(operation.security).toEqual([{ BearerPartnerUser: [] }])
      expect(operation.parameters.map((p) => [p.in, p.name])).toEqual([['path', 'location_id']])
      const success = operation.responses[method === 'get' ? '200' : '201']
      expect(Object.keys(success?.content ?? {})).toEqual([
        'application/json',
        'application/vnd.api.v2+json',
        'application/vnd.yclients.v2+json',
      ])
      expect(Object.keys(operation.responses).sort()).toEqual(
        [method === 'get' ? '200' : '201', '4XX', '5XX'].sort(),
      )
    }
    expect(altegio.components?.securitySchemes).toEqual({
      BearerPartnerUser: {
        type: 'apiKey',
        in: 'header',
        name: 'Authorization',
        description:
          'The partner token and a user token: `Bearer <partner token>, User <user token>`.',
      },
      BearerPartner: {
        type: 'apiKey',
        in: 'header',
        name: 'Authorization',
        description:
          'The partner token alone: `Bearer <partner token>` (a `, User <user token>` part is tolerated and ignored).',
      },
    })
    // The app.alteg.io routes name their real host; the api.alteg.io ones the document's.
    const callback = altegio.paths['/marketplace/partner/callback'] as { servers?: unknown }
    expect(callback.servers).toEqual([
      { url: '/', description: 'the mock; the real host is https://app.alteg.io' },
    ])
    expect(altegio.servers).toEqual([
      { url: '/', description: 'the mock; the real API is https://api.alteg.io' },
    ])
  })

  it('the Altegio one: the dictionaries, partner token, their query parameters and answers', async () => {
    const { altegio } = await documents()
    const parameters: Record<string, string[]> = {
      '/api/v1/countries': [],
      '/api/v1/cities': ['country_id', 'salon_id', 'company_id'],
      '/api/v1/references/business_groups_with_types': [],
    }
    for (const [path, names] of Object.entries(parameters)) {
      const operation = altegio.paths[path]?.get as {
        tags: string[]
        security: unknown
        parameters?: { name: string; in: string }[]
        responses: Record<string, { content: Record<string, { schema: { type: string } }> }>
      }
      expect(operation.tags).toEqual(['dictionaries'])
      expect(operation.security).toEqual([{ BearerPartner: [] }])
      expect((operation.parameters ?? []).map((p) => [p.in, p.name])).toEqual(
        names.map((name) => ['query', name]),
      )
      expect(Object.keys(operation.responses).sort()).toEqual(['200', '4XX', '5XX'])
      expect(operation.responses['200']?.content['application/json']?.schema.type).toBe('object')
    }
  })

  it("the mock's one: every /__mock route but the docs page", async () => {
    const { mock } = await documents()
    const operations = operationsOf(mock)
    expect(operations.sort()).toEqual(
      [
        'GET /__mock/health',
        'GET /__mock/locations/{location_id}/settings',
        'PUT /__mock/locations/{location_id}/settings',
        'GET /__mock/locations/{location_id}/options',
        'PUT /__mock/locations/{location_id}/options',
        'GET /__mock/locations/{location_id}/clients',
        'PUT /__mock/locations/{location_id}/clients/{client_id}',
        'DELETE /__mock/locations/{location_id}',
        'POST /__mock/reset',
        'POST /__mock/locations/{location_id}/events',
        'POST /__mock/locations/{location_id}/events/batch',
        'GET /__mock/deliveries',
        'GET /__mock/deliveries/{id}',
        'POST /__mock/deliveries/wait',
        'POST /__mock/deliveries/{id}/redeliver',
        'POST /__mock/deliveries/redeliver',
        'GET /__mock/requests',
        'GET /__mock/events/stream',
        'GET /__mock/timeline',
        'GET /__mock/dashboard',
        'POST /__mock/faults',
        'GET /__mock/faults',
        'DELETE /__mock/faults/{id}',
        'GET /__mock/clock',
        'POST /__mock/clock',
        'POST /__mock/snapshots',
        'GET /__mock/snapshots',
        'POST /__mock/snapshots/{name}/restore',
        'DELETE /__mock/snapshots/{name}',
        'GET /__mock/state',
        'PUT /__mock/state',
        'POST /__mock/voip/integrations',
        'GET /__mock/voip/integrations',
        'GET /__mock/voip/notifications',
        'POST /__mock/voip/notifications/wait',
        'GET /__mock/altegio-openapi.json',
        'GET /__mock/openapi.json',
        'POST /__mock/applications',
        'GET /__mock/applications',
        'GET /__mock/applications/{application_id}',
        'DELETE /__mock/applications/{application_id}',
        'POST /__mock/locations/{location_id}/applications/{application_id}/grant',
        'GET /__mock/locations/{location_id}/applications/{application_id}',
        'POST /__mock/locations/{location_id}/applications/{application_id}/events',
        'GET /__mock/drift',
        'DELETE /__mock/drift',
        'POST /__mock/drift/webhooks',
      ].sort(),
    )
  })
})
