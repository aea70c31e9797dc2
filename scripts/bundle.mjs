// Bundles the CLI into one file, dist/altegio-hooks-mock.js. A test suite that
// spawns the mock waits for it to start: loading ~600 module files of
// fastify, TypeBox and undici took about as long as the rest of the start-up,
// one file loads in a fraction of that. The library entry (dist/index.js)
// stays unbundled, so users' own copies of its dependencies are shared.
import { build } from 'esbuild'

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  // CommonJS dependencies call require() for Node's built-ins.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
}

await build({ ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/altegio-hooks-mock.js' })
// The delivery thread, beside the CLI that starts it (webhook-client.ts).
await build({
  ...common,
  entryPoints: ['src/deliveries/webhook-worker.ts'],
  outfile: 'dist/webhook-worker.js',
})
// The compaction thread, beside the CLI too (store/compaction.ts).
await build({
  ...common,
  entryPoints: ['src/store/compaction-worker.ts'],
  outfile: 'dist/compaction-worker.js',
})
// The container's HEALTHCHECK, self-contained too: the image has no
// node_modules, and copying its imports one by one broke when they grew.
await build({
  ...common,
  entryPoints: ['src/healthcheck.ts'],
  outfile: 'dist/altegio-hooks-mock-healthcheck.js',
})
