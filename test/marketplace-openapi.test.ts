import { describe, expect, it } from 'vitest'
import { testApp } from './helpers.js'

type Operation = {
  tags?: string[]
  security?: unknown
  parameters?: { name: string; in: string }[]
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>
}
type Document = { paths: Record<string, Record<string, Operation>> }

const MEDIA_TYPES = [
  'application/json',
  'application/vnd.api.v2+json',
  'application/vnd.yclients.v2+json',
]

/** Each emulated marketplace operation under /api/v1: its success status and its scheme. */
const OPERATIONS: [string, string, number, string][] = [
  [
    'post',
    '/api/v1/company/{location_id}/marketplace/applications/{application_id}/grant_access',
    200,
    'BearerPartnerUser',
  ],
  ['post', '/api/v1/marketplace/partner/callback', 201, 'BearerPartner'],
  [
    'get',
    '/api/v1/marketplace/salon/{location_id}/application/{application_id}',
    200,
    'BearerPartner',
  ],
  ['get', '/api/v1/marketplace/application/{application_id}/salons', 200, 'BearerPartner'],
  [
    'post',
    '/api/v1/marketplace/salon/{location_id}/application/{application_id}/uninstall',
    200,
    'BearerPartner',
  ],
  ['post', '/api/v1/marketplace/partner/payment', 200, 'BearerPartner'],
  ['post', '/api/v1/marketplace/partner/payment/refund/{payment_id}', 200, 'BearerPartner'],
  ['get', '/api/v1/marketplace/application/{application_id}/tariffs', 200, 'BearerPartner'],
  ['get', '/api/v1/marketplace/application/payment_link', 200, 'BearerPartner'],
  ['post', '/api/v1/marketplace/application/add_discount', 200, 'BearerPartner'],
  ['post', '/api/v1/marketplace/partner/callback/redirect', 200, 'BearerPartner'],
  ['post', '/api/v1/marketplace/partner/short_names', 201, 'BearerPartner'],
  ['post', '/api/v1/marketplace/application/update_channel', 200, 'BearerPartner'],
]

describe('the marketplace routes in the Altegio OpenAPI document', () => {
  it('are tagged, secured, list the v2 media types and declare every answer', async () => {
    const { app } = await testApp()
    const res = await app.inject({ method: 'GET', url: '/__mock/altegio-openapi.json' })
    expect(res.statusCode).toBe(200)
    const { paths } = res.json() as Document
    for (const [method, path, status, scheme] of OPERATIONS) {
      const operation = paths[path]?.[method]
      expect(operation, `${method} ${path}`).toBeDefined()
      if (!operation) continue
      expect([path, operation.tags, operation.security]).toEqual([
        path,
        ['marketplace'],
        [{ [scheme]: [] }],
      ])
      expect(Object.keys(operation.responses).sort()).toEqual([String(status), '4XX', '5XX'])
      const success = operation.responses[String(status)]
      expect(Object.keys(success?.content ?? {})).toEqual(MEDIA_TYPES)
      expect(success?.content?.['application/json']?.schema).toBeDefined()
    }
  })

  it('documents the answers the sources show: the status, the payment, the payment link', async () => {
    const { app } = await testApp()
    const { paths } = (
      await app.inject({ method: 'GET', url: '/__mock/altegio-openapi.json' })
    ).json() as Document
    type Envelope = {
      properties: { data: { properties?: Record<string, unknown>; type?: unknown } }
    }
    const data = (path: string, method: string, status: string) => {
      const schema = paths[path]?.[method]?.responses[status]?.content?.['application/json']?.schema
      return (schema as Envelope | undefined)?.properties.data ?? {}
    }
    expect(
      Object.keys(
        data('/api/v1/marketplace/salon/{location_id}/application/{application_id}', 'get', '200')
          .properties ?? {},
      ),
    ).toEqual(['logs', 'payments', 'connection_status'])
    expect(
      Object.keys(data('/api/v1/marketplace/partner/payment', 'post', '200').properties ?? {}),
    ).toEqual(['id'])
    expect(
      Object.keys(
        data('/api/v1/marketplace/application/payment_link', 'get', '200').properties ?? {},
      ),
    ).toEqual(['url'])
    expect(data('/api/v1/marketplace/partner/callback', 'post', '201').type).toBe('null')
    expect(data('/api/v1/marketplace/partner/callback/redirect', 'post', '200').type).toBe('null')
    expect(data('/api/v1/marketplace/partner/short_names', 'post', '201').type).toBe('null')
    expect(data('/api/v1/marketplace/application/update_channel', 'post', '200')).toMatchObject({
      type: 'object',
      additionalProperties: false,
      properties: {},
    })
  })
})
