import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import { answers } from '../schemas/responses.js'
import { Type } from '../schemas/typebox.js'

/** The media types the real API answers; Prism and code generators need them listed. */
export const ALTEGIO_MEDIA_TYPES = [
  'application/json',
  'application/vnd.api.v2+json',
  'application/vnd.yclients.v2+json',
]

/** The scheme of hooks_settings (contract section 3) and the marketplace grant. */
export const PARTNER_USER = 'BearerPartnerUser'
/** The scheme of the partner-only marketplace routes: `Bearer <partner token>`. */
export const PARTNER_ONLY = 'BearerPartner'

export const VERSION = '0.2.0'

type DocsModule = typeof import('./docs-app.js')

const OpenApiDocument = Type.Object(
  { openapi: Type.String(), info: Type.Object({}), paths: Type.Object({}) },
  { description: 'An OpenAPI 3.1 document.' },
)

/**
 * GET {prefix}/openapi.json and {prefix}/altegio-openapi.json (OpenAPI 3.1,
 * from the routes' own schemas) and the docs page at {prefix}/docs. Every
 * route is noted as it is added (call this first); the documents and the page
 * are built on the first request for them, by a module loaded only then.
 */
export function addDocs(app: FastifyInstance, prefix: string): void {
  const routes: RouteOptions[] = []
  app.addHook('onRoute', (route) => {
    // Fastify adds a HEAD beside each GET; the docs app adds its own.
    if (route.method !== 'HEAD' && !route.url.startsWith(`${prefix}/docs`)) routes.push(route)
  })
  let built: Promise<{ app: FastifyInstance; documents: ReturnType<DocsModule['documents']> }>
  const docs = () => {
    built ??= (async () => {
      // The .ts source under tsx and vitest; else dist/docs-app.js, the bundle
      // that carries Swagger UI and @fastify/swagger, so a user installs neither.
      const file = import.meta.url.endsWith('.ts')
        ? './docs-app.ts'
        : import.meta.url.endsWith('/http/openapi.js')
          ? '../docs-app.js'
          : './docs-app.js'
      const module: DocsModule = await import(new URL(file, import.meta.url).href)
      const docsApp = await module.docsApp(routes, prefix)
      return { app: docsApp, documents: module.documents(docsApp, prefix) }
    })()
    return built
  }
  const document = (which: 'altegio' | 'mock') => async () => (await docs()).documents[which]
  const hide = { hide: true }
  app.register(
    async (docsRoutes) => {
      docsRoutes.get(
        '/altegio-openapi.json',
        {
          schema: {
            summary: 'OpenAPI 3.1 document of the emulated Altegio routes',
            response: answers(200, OpenApiDocument),
          },
        },
        document('altegio'),
      )
      docsRoutes.get(
        '/openapi.json',
        {
          schema: {
            summary: "OpenAPI 3.1 document of the mock's own routes",
            response: answers(200, OpenApiDocument),
          },
        },
        document('mock'),
      )
      // The page and its assets, answered by the docs app.
      const page = async (request: FastifyRequest, reply: FastifyReply) => {
        const answer = await (await docs()).app.inject({
          method: 'GET',
          url: request.url,
          headers: request.headers as Record<string, string>,
        })
        const { 'content-length': _length, connection: _connection, ...headers } = answer.headers
        return reply.code(answer.statusCode).headers(headers).send(answer.rawPayload)
      }
      docsRoutes.get('/docs', { schema: hide }, page)
      docsRoutes.get('/docs/*', { schema: hide }, page)
    },
    { prefix },
  )
}
