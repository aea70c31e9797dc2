// Bundles the CLI into one file, dist/altegio-hooks-mock.js. A test suite that
// spawns the mock waits for it to start: loading ~600 module files of
// fastify, TypeBox and undici took about as long as the rest of the start-up,
// one file loads in a fraction of that. The library entry (dist/index.js)
// stays unbundled, so users' own copies of its dependencies are shared.
import { cp } from 'node:fs/promises'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { _, Ajv } from 'ajv'
import standaloneCode from 'ajv/dist/standalone/index.js'
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
  // V8 parses every byte of a bundle at start: without whitespace and with
  // shorter syntax it started ~20 ms sooner of ~250 (docs/performance.md#start-up).
  // Names stay, so a stack trace still names its functions; the map gives lines.
  // BUNDLE_READABLE=1 keeps the whitespace, so a CPU profile's lines can be read.
  minifyWhitespace: !process.env.BUNDLE_READABLE,
  minifySyntax: true,
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

// Checkers compiled here rather than at every start: name -> [module of the
// compiled library in ${out}, its export], as src/schemas/precompiled.ts names them.
const PRECOMPILED = { fileLocations: ['store/data-file.js', 'FILE_LOCATIONS'] }

/**
 * src/schemas/precompiled.ts as Ajv's standalone code for PRECOMPILED: the
 * code ajv.compile() would build at run time, with the same options and
 * vocabulary; it looks formats up in src/schemas/formats.ts, bundled beside it.
 */
async function precompiledModule() {
  const library = (path) => import(pathToFileURL(resolve(out, path)).href)
  const { AJV_OPTIONS, addVocabulary } = await library('schemas/validator.js')
  const ajv = addVocabulary(
    new Ajv({
      ...AJV_OPTIONS,
      code: { source: true, esm: true, formats: _`require("./formats.ts").FORMATS` },
    }),
  )
  const exports = {}
  for (const [name, [path, exported]] of Object.entries(PRECOMPILED)) {
    ajv.addSchema((await library(path))[exported], name)
    exports[name] = name
  }
  const names = Object.keys(exports).join(', ')
  return `${standaloneCode.default(ajv, exports)}\nexport const precompiled = { ${names} };\n`
}
const contents = await precompiledModule()
const precompiled = {
  name: 'precompiled-checkers',
  setup(esbuild) {
    esbuild.onLoad({ filter: /[\\/]src[\\/]schemas[\\/]precompiled\.ts$/ }, () => ({
      contents,
      loader: 'js',
      resolveDir: resolve('src/schemas'),
    }))
  },
}

// Packages the CLI requires only on use: each a CommonJS bundle of its own
// beside the CLI's, which a start then does not read (docs/performance.md#start-up).
// Fastify requires light-my-request on the first inject (the docs page, the
// drift proxy); fast-json-stringify is a serializer compiler, and app.ts gives
// Fastify its own (nothing of the mock serializes through it).
const DEFERRED = ['light-my-request', 'fast-json-stringify']
const deferred = {
  name: 'deferred-packages',
  setup(esbuild) {
    const names = new RegExp(`^(${DEFERRED.join('|')})$`)
    esbuild.onResolve({ filter: names }, ({ path }) => ({ path: `./${path}.cjs`, external: true }))
  },
}

await build({
  ...common,
  entryPoints: ['src/cli.ts'],
  outfile: `${out}/altegio-hooks-mock.js`,
  plugins: [precompiled, deferred],
})
for (const name of DEFERRED) {
  await build({
    ...common,
    banner: {},
    format: 'cjs',
    stdin: { contents: `module.exports = require(${JSON.stringify(name)})`, resolveDir: '.' },
    outfile: `${out}/${name}.cjs`,
  })
}
// Bundles of their own beside the CLI's, each self-contained (the image has no node_modules).
const BESIDE = [
  // The delivery thread, beside the CLI that starts it (webhook-client.ts).
  ['src/deliveries/webhook-worker.ts', 'webhook-worker.js'],
  // The compaction thread, beside the CLI too (store/compaction.ts).
  ['src/store/compaction-worker.ts', 'compaction-worker.js'],
  // The container's HEALTHCHECK: copying its imports one by one broke when they grew.
  ['src/healthcheck.ts', 'altegio-hooks-mock-healthcheck.js'],
  // The OpenAPI documents and the docs page, loaded on first use (http/openapi.ts).
  ['src/http/docs-app.ts', 'docs-app.js'],
  // undici for --upstream, loaded only then (src/drift/proxy.ts).
  ['src/drift/upstream-client.ts', 'upstream-client.js'],
  // The dictionaries' records, loaded on their first request (src/api/dictionaries/answers.ts).
  ['src/api/dictionaries/data.ts', 'dictionaries-data.js'],
]
for (const [entry, file] of BESIDE) {
  await build({ ...common, entryPoints: [entry], outfile: `${out}/${file}` })
}
// The docs page's assets (Swagger UI), beside the bundle that serves them
// (http/openapi.ts): the image has no node_modules.
await cp('node_modules/@fastify/swagger-ui/static', `${out}/swagger-ui`, { recursive: true })
// The dashboard page (preact + htm, src/dashboard/), read by control/dashboard-routes.ts
// on its first request.
await build({ ...DASHBOARD_BUILD, outdir: `${out}/dashboard` })
