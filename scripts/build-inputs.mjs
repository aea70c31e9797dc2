// What dist/ is built from: scripts/build.mjs hashes these to know when to build,
// and test/build.test.ts copies them to build in a folder of its own.
export const BUILD_INPUTS = [
  'src',
  'scripts',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
]
