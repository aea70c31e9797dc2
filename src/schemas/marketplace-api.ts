// Every marketplace route's schemas in one import, for the package entry and
// the code API; they live in marketplace/, a file per group of routes.
export * from './marketplace/billing-routes.js'
export * from './marketplace/channel-routes.js'
export * from './marketplace/control-routes.js'
export * from './marketplace/grant-routes.js'
export * from './marketplace/installation-routes.js'
export { AppParams, LinkParams } from './marketplace/route-parts.js'
