// The marketplace's stored state in one import, for the package entry and the
// code API; the schemas live in marketplace/application.ts and installation.ts.
export * from './marketplace/application.js'
export * from './marketplace/installation.js'
