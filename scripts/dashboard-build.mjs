// How esbuild bundles the dashboard page (src/dashboard/): by scripts/bundle.mjs
// into dist/dashboard/, and in memory when the mock runs from src/ under tsx or
// vitest (control/dashboard-routes.ts), where there is no dist/ to read.
import { fileURLToPath } from 'node:url'

export const DASHBOARD_BUILD = {
  entryPoints: { dashboard: 'src/dashboard/main.ts' },
  bundle: true,
  platform: 'browser',
  format: 'esm',
  target: 'es2022',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
}

/** The page's script and style, bundled in memory. */
export async function buildDashboard() {
  const { build } = await import('esbuild')
  const result = await build({
    ...DASHBOARD_BUILD,
    absWorkingDir: fileURLToPath(new URL('..', import.meta.url)),
    outdir: 'out',
    write: false,
  })
  const file = (ending) =>
    Buffer.from(result.outputFiles.find((f) => f.path.endsWith(ending))?.contents ?? [])
  return { 'dashboard.js': file('.js'), 'dashboard.css': file('.css') }
}
