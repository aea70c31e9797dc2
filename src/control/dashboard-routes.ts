import { readFile } from 'node:fs/promises'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { AltegioError } from '../http/errors.js'
import { errorAnswers } from '../schemas/responses.js'
import { Type } from '../schemas/typebox.js'

type Asset = 'dashboard.js' | 'dashboard.css'
const TYPES: Record<Asset, string> = {
  'dashboard.js': 'text/javascript; charset=utf-8',
  'dashboard.css': 'text/css; charset=utf-8',
}

/** The page's script and style, read on the first request for them and kept (tens of KB). */
let assets: Promise<Record<Asset, Buffer>> | undefined
function loadAssets(): Promise<Record<Asset, Buffer>> {
  assets ??= (async () => {
    if (import.meta.url.endsWith('.ts')) return buildFromSource()
    // Beside the CLI's bundle (dist/), or one folder up from dist/control/.
    const folder = import.meta.url.endsWith('/control/dashboard-routes.js')
      ? '../dashboard/'
      : './dashboard/'
    const read = (name: Asset) => readFile(new URL(`${folder}${name}`, import.meta.url))
    return {
      'dashboard.js': await read('dashboard.js'),
      'dashboard.css': await read('dashboard.css'),
    }
  })()
  assets.catch(() => {
    assets = undefined
  })
  return assets
}

/** Under tsx and vitest there is no dist/: the build's own script bundles the page in memory. */
async function buildFromSource(): Promise<Record<Asset, Buffer>> {
  const script: typeof import('../../scripts/dashboard-build.mjs') = await import(
    new URL('../../scripts/dashboard-build.mjs', import.meta.url).href
  )
  return script.buildDashboard()
}

const page = (prefix: string) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>altegio-hooks-mock dashboard</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${prefix}/dashboard/dashboard.css">
</head>
<body>
<div id="app"></div>
<noscript>The dashboard needs JavaScript; GET ${prefix}/events/stream gives the same timeline.</noscript>
<script type="module" src="${prefix}/dashboard/dashboard.js"></script>
</body>
</html>
`

// Everything from the mock itself: a page that asks another origin for anything is refused.
const CSP = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'"

/** GET /__mock/dashboard: the live timeline, a location's state, and actions. */
export const dashboardRoutes: FastifyPluginAsyncTypebox<{ prefix: string }> = async (
  app,
  { prefix },
) => {
  app.get(
    '/dashboard',
    {
      schema: {
        summary: "The dashboard: the live timeline, a location's state, and actions (HTML)",
        description:
          'Filters are kept in the query: location, resource, failed=1, q (text in payloads). See docs/dashboard.md.',
        querystring: Type.Object({
          location: Type.Optional(Type.String()),
          resource: Type.Optional(Type.String()),
          failed: Type.Optional(Type.String()),
          q: Type.Optional(Type.String()),
        }),
        response: {
          200: {
            description: 'The page; its script and style follow from /__mock/dashboard/.',
            content: { 'text/html': { schema: Type.String() } },
          },
          ...errorAnswers,
        },
      },
    },
    async (_request, reply) =>
      reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .header('content-security-policy', CSP)
        .send(page(prefix)),
  )
  app.get(
    '/dashboard/:asset',
    {
      schema: {
        hide: true,
        params: Type.Object({ asset: Type.String() }),
        response: errorAnswers,
      },
    },
    async (request, reply) => {
      const name = request.params.asset
      if (name !== 'dashboard.js' && name !== 'dashboard.css') {
        throw new AltegioError(
          404,
          `No ${prefix}/dashboard/${name}: the dashboard's files are dashboard.js and dashboard.css. Open ${prefix}/dashboard.`,
        )
      }
      const body = (await loadAssets())[name]
      return (
        reply
          .header('content-type', TYPES[name])
          .header('cache-control', 'no-cache')
          // The schema names only the error answers; the success is the file itself.
          .send(body as never)
      )
    },
  )
}
