// Loaded on the first request for the OpenAPI documents or the docs page, so
// that @fastify/swagger, Swagger UI and their dependencies cost a start
// nothing (a bundle of its own beside the CLI's).
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import send from '@fastify/send'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type RouteOptions,
} from 'fastify'
import type { OpenAPIV3_1 } from 'openapi-types'
import { PARTNER_ONLY, PARTNER_USER } from '../api/shared/route-docs.js'
import { docsNotFound, VERSION } from './docs-parts.js'
import { AltegioError } from './errors.js'

type Document = OpenAPIV3_1.Document

const LOGO =
  '<svg xmlns="http://www.w3.org/2000/svg" width="260" height="40"><text x="0" y="28" font-family="sans-serif" font-size="22" fill="#fff">altegio-hooks-mock</text></svg>'

/** Swagger UI's assets: beside the bundle when there is one, else @fastify/swagger-ui's own. */
function assetsDir(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url))
  return [join(here, 'swagger-ui'), join(here, '..', 'swagger-ui')].find((dir) => existsSync(dir))
}

/** Where the files under {prefix}/docs/static/ are read from. */
const ASSETS =
  assetsDir() ??
  join(dirname(createRequire(import.meta.url).resolve('@fastify/swagger-ui')), 'static')

/** Whether an encoded path has a ".." segment once decoded. */
function climbs(encoded: string): boolean {
  try {
    return /(^|[\\/])\.\.([\\/]|$)/.test(decodeURIComponent(encoded))
  } catch {
    return false
  }
}

/**
 * Answers GET/HEAD {prefix}/docs/static/<file> from the assets folder,
 * streamed from disk (never held whole), with ETag, Last-Modified and
 * Cache-Control, conditional requests and ranges, by @fastify/send (what
 * @fastify/static serves with). Every refusal is an AltegioError.
 */
export async function sendAsset(
  request: FastifyRequest,
  reply: FastifyReply,
  prefix: string,
): Promise<FastifyReply> {
  const path = request.url.split('?')[0] as string
  // The encoded rest of the path: send decodes it once, and refuses ".." after that.
  const file = path.slice(`${prefix}/docs/static`.length)
  const answer = await send(request.raw, file, {
    root: ASSETS,
    index: false,
    dotfiles: 'ignore',
    // Revalidated on each use (304 when unchanged): the files change with the mock's version.
    maxAge: 0,
  })
  if (answer.type === 'file') {
    return reply.code(answer.statusCode).headers(answer.headers).send(answer.stream)
  }
  answer.stream.destroy()
  // A folder (send redirects to its index, which the assets have none of).
  if (answer.type === 'directory') throw docsNotFound(path, prefix)
  switch (answer.statusCode) {
    case 403:
      // send refuses a folder's path with a slash at its end too.
      if (!climbs(file)) throw docsNotFound(path, prefix)
      throw new AltegioError(
        403,
        `The path ${path} leaves the docs page's assets: ".." is not allowed there. Ask for a file under ${prefix}/docs/static/ by its name, e.g. ${prefix}/docs/static/swagger-ui-bundle.js.`,
      )
    case 404:
      throw docsNotFound(path, prefix)
    case 416: {
      const range = String(answer.headers['Content-Range'])
      const size = Number(range.slice(range.lastIndexOf('/') + 1))
      reply.header('content-range', range)
      throw new AltegioError(
        416,
        `The Range "${request.headers.range}" is outside ${path}, which is ${size} bytes: ask for bytes from 0 to ${size - 1}, or send no Range header for the whole file.`,
      )
    }
    case 412:
      throw new AltegioError(
        412,
        `${path} does not match the request's If-Match or If-Unmodified-Since: it changed, or the validator is not one this file had. Ask again without them for the file as it is.`,
      )
    case 400:
      throw new AltegioError(
        400,
        `The path ${path} is not a file name: it has a NUL byte or a bad percent-encoding. Ask for a file under ${prefix}/docs/static/ by its name.`,
      )
    default:
      throw new Error(`could not read ${path} from ${ASSETS}: ${answer.metadata.error.message}`)
  }
}

/**
 * A Fastify app that holds the mock's routes (their schemas, no handlers)
 * with @fastify/swagger, and the docs page: the documents are generated from
 * the same schemas that validate the mock's requests and answers.
 */
export async function docsApp(routes: RouteOptions[], prefix: string): Promise<FastifyInstance> {
  const app = Fastify()
  // Schemas here only describe; the mock's own app validates.
  app.setValidatorCompiler(() => () => true)
  app.setSerializerCompiler(() => (data) => JSON.stringify(data))
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'altegio-hooks-mock', version: VERSION },
      components: {
        securitySchemes: {
          [PARTNER_USER]: {
            type: 'apiKey',
            in: 'header',
            name: 'Authorization',
            description:
              'The partner token and a user token: `Bearer <partner token>, User <user token>`.',
          },
          [PARTNER_ONLY]: {
            type: 'apiKey',
            in: 'header',
            name: 'Authorization',
            description:
              'The partner token alone: `Bearer <partner token>` (a `, User <user token>` part is tolerated and ignored).',
          },
        },
      },
    },
  })
  const assets = assetsDir()
  await app.register(swaggerUi, {
    routePrefix: `${prefix}/docs`,
    // Its default logo is read from beside its own code, which a bundle does not keep.
    logo: { type: 'image/svg+xml', content: LOGO },
    ...(assets ? { baseDir: assets } : {}),
    uiConfig: {
      urls: [
        { url: `${prefix}/altegio-openapi.json`, name: 'Altegio API, as emulated' },
        { url: `${prefix}/openapi.json`, name: 'The mock (/__mock)' },
      ],
      deepLinking: true,
    },
  })
  for (const route of routes) {
    app.route({ ...route, handler: async () => undefined, onRequest: undefined })
  }
  await app.ready()
  return app
}

/** The part of the whole document whose paths start with one of `prefixes`. */
function cut(
  whole: Document,
  prefixes: string[],
  info: Document['info'],
  extra: Partial<Document>,
): Document {
  const paths = Object.fromEntries(
    Object.entries(whole.paths ?? {}).filter(([path]) => prefixes.some((p) => path.startsWith(p))),
  )
  return { ...whole, info, ...extra, paths } as Document
}

/** The app.alteg.io host's routes (/marketplace/...) say which real server they stand for. */
function onAppHost(document: Document): Document {
  const servers = [{ url: '/', description: 'the mock; the real host is https://app.alteg.io' }]
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    if (path.startsWith('/marketplace/') && item) item.servers = servers
  }
  return document
}

/** The two published documents, cut from the whole. */
export function documents(
  app: FastifyInstance,
  prefix: string,
): { altegio: Document; mock: Document } {
  const whole = app.swagger() as Document
  const { securitySchemes: _none, ...mockComponents } = whole.components ?? {}
  return {
    altegio: onAppHost(
      cut(
        whole,
        ['/api/v1/', '/marketplace/'],
        {
          title: 'Altegio hooks_settings and marketplace API (as altegio-hooks-mock emulates it)',
          version: VERSION,
          description:
            "The routes of https://api.alteg.io/api/v1 and of https://app.alteg.io/marketplace that the mock answers, with the real API's envelopes, errors and v2 media types. hooks_settings, the grant and the VoIP call list need `Authorization: Bearer <partner token>, User <user token>`; the partner's marketplace routes and the VoIP events need `Bearer <partner token>`.",
        },
        { servers: [{ url: '/', description: 'the mock; the real API is https://api.alteg.io' }] },
      ),
    ),
    mock: cut(
      whole,
      [`${prefix}/`],
      {
        title: 'altegio-hooks-mock control surface (/__mock)',
        version: VERSION,
        description:
          'What the mock adds for tests: seed, trigger, journals, waits, faults, reset. No authentication.',
      },
      { components: mockComponents },
    ),
  }
}
