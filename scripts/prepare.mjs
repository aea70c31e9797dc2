// npm runs this on `npm ci` here, on `npm pack`, and when another project
// installs the package from git (after installing its dev dependencies) or
// from a folder (without them): then say what to do instead of "tsc: not found".
import { execSync } from 'node:child_process'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const missing = ['typescript', 'esbuild'].filter((name) => {
  try {
    require.resolve(`${name}/package.json`)
    return false
  } catch {
    return true
  }
})
if (missing.length > 0) {
  const here = process.cwd()
  console.error(
    `altegio-hooks-mock: ${here} is not built, and the tools that build it (${missing.join(', ')}) are not installed there.\n` +
      `Run \`npm ci\` in ${here} first (it builds dist/), then install it again; or install a tarball made there with \`npm pack\`.`,
  )
  process.exit(1)
}
execSync('npm run build', { stdio: 'inherit' })
