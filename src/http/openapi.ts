import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  LightMyRequestResponse,
  RouteOptions,
} from 'fastify'
import { answers, errorAnswers } from '../schemas/responses.js'
import { Type } from '../schemas/typebox.js'
import { docsNotFound } from './docs-parts.js'

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
  let built: Promise<{
    app: FastifyInstance
    documents: ReturnType<DocsModule['documents']>
    sendAsset: DocsModule['sendAsset']
  }>
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
      return {
        app: docsApp,
        documents: module.documents(docsApp, prefix),
        sendAsset: module.sendAsset,
      }
    })()
    return built
  }
  const document = (which: 'altegio' | 'mock') => async () => (await docs()).documents[which]
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
      // Small, fixed answers of the docs app (the page, its initializer): made once, then kept.
      const made = new Map<string, Promise<LightMyRequestResponse>>()
      const page = async (request: FastifyRequest, reply: FastifyReply) => {
        const url = request.routeOptions.url as string
        let answer = made.get(url)
        if (!answer) {
          answer = (await docs()).app.inject({ method: 'GET', url })
          made.set(url, answer)
        }
        const { statusCode, headers, rawPayload } = await answer
        const { 'content-length': _length, connection: _connection, date: _date, ...rest } = headers
        return reply.code(statusCode).headers(rest).send(rawPayload)
      }
      // Refusals are answered in the envelope; these routes have no success schema.
      const docsRoute = { schema: { hide: true, response: errorAnswers } }
      for (const url of [
        '/docs',
        '/docs/',
        '/docs/static/index.html',
        '/docs/static/swagger-initializer.js',
      ]) {
        docsRoutes.get(url, docsRoute, page)
      }
      // Swagger UI's files, streamed from disk (never through the docs app, which held each whole).
      docsRoutes.get('/docs/static/*', docsRoute, async (request, reply) =>
        (await docs()).sendAsset(request, reply, prefix),
      )
      docsRoutes.get('/docs/*', docsRoute, async (request) => {
        throw docsNotFound(request.url.split('?')[0] as string, prefix)
      })
    },
    { prefix },
  )
}
