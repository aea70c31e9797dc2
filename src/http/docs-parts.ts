import { AltegioError } from './errors.js'

// What both the route-noting side (openapi.ts, loaded at start) and the lazily
// loaded docs app need; here so that neither imports the other.

export const VERSION = '0.2.0'

/** The answer to a docs path that names nothing: where the page and its files are. */
export function docsNotFound(path: string, prefix: string): AltegioError {
  return new AltegioError(
    404,
    `No file ${path} among the docs page's assets. The page is at ${prefix}/docs and loads its files from ${prefix}/docs/static/ (e.g. ${prefix}/docs/static/swagger-ui-bundle.js); the OpenAPI documents are ${prefix}/altegio-openapi.json and ${prefix}/openapi.json.`,
  )
}
