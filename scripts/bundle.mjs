// Bundles the CLI into one file, dist/altegio-hooks-mock.js. A test suite that
// spawns the mock waits for it to start: loading ~600 module files of
// fastify, TypeBox and undici took about as long as the rest of the start-up,
// one file loads in a fraction of that. The library entry (dist/index.js)
// stays unbundled, so users' own copies of its dependencies are shared.
import { cp } from 'node:fs/promises'
import { build } from 'esbuild'
import { DASHBOARD_BUILD } from './dashboard-build.mjs'

// scripts/build.mjs builds into a folder of its own, then swaps it in as dist/.
const out = process.env.ALTEGIO_MOCK_OUT_DIR ?? 'dist'

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  // CommonJS dependencies call require() for Node's built-ins, and look for
  // files beside them with __dirname.
  banner: {
    js: [
      "import { createRequire as __createRequire } from 'node:module';",
      "import { fileURLToPath as __fileURLToPath } from 'node:url';",
      "import { dirname as __pathDirname } from 'node:path';",
      'const require = __createRequire(import.meta.url);',
      'const __filename = __fileURLToPath(import.meta.url);',
      'const __dirname = __pathDirname(__filename);',
    ].join(' '),
  },
}

await build({ ...common, entryPoints: ['src/cli.ts'], outfile: `${out}/altegio-hooks-mock.js` })
// The delivery thread, beside the CLI that starts it (webhook-client.ts).
await build({
  ...common,
  entryPoints: ['src/deliveries/webhook-worker.ts'],
  outfile: `${out}/webhook-worker.js`,
})
// The compaction thread, beside the CLI too (store/compaction.ts).
await build({
  ...common,
  entryPoints: ['src/store/compaction-worker.ts'],
  outfile: `${out}/compaction-worker.js`,
})
// The container's HEALTHCHECK, self-contained too: the image has no
// node_modules, and copying its imports one by one broke when they grew.
await build({
  ...common,
  entryPoints: ['src/healthcheck.ts'],
  outfile: `${out}/altegio-hooks-mock-healthcheck.js`,
})
// The OpenAPI documents and the docs page, loaded on first use (http/openapi.ts).
await build({ ...common, entryPoints: ['src/http/docs-app.ts'], outfile: `${out}/docs-app.js` })
// undici for --upstream, loaded only then (src/drift/proxy.ts).
await build({
  ...common,
  entryPoints: ['src/drift/upstream-client.ts'],
  outfile: `${out}/upstream-client.js`,
})
// The docs page's assets (Swagger UI), beside the bundle that serves them
// (http/openapi.ts): the image has no node_modules.
await cp('node_modules/@fastify/swagger-ui/static', `${out}/swagger-ui`, { recursive: true })
// The dashboard page (preact + htm, src/dashboard/), read by control/dashboard-routes.ts
// on its first request.
await build({ ...DASHBOARD_BUILD, outdir: `${out}/dashboard` })
