// The docs page's assets (Swagger UI) as static files: whole answers, the
// caching headers, and refusals in the Altegio envelope.
import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { testApp, testMock } from './helpers.js'
import { exchange } from './raw-http.js'

/** What the mock serves under /__mock/docs/static/ (the bundle copies it to dist/swagger-ui). */
const ASSETS = fileURLToPath(
  new URL('../node_modules/@fastify/swagger-ui/static/', import.meta.url),
)
const STATIC = '/__mock/docs/static'

const TYPES: Record<string, string> = {
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
}

const envelope = (message: string) => ({ success: false, data: null, meta: { message } })

/** The asset files the page's HTML names, and the rest of the folder. */
async function assetFiles(): Promise<string[]> {
  // index.html is the page's own, answered at /__mock/docs.
  return (await readdir(ASSETS)).filter((name) => name !== 'index.html').sort()
}

describe('the docs page assets', () => {
  it('answers each file whole: 200, its content type, its bytes, validators for caching', async () => {
    const { app } = await testApp()
    const files = await assetFiles()
    expect(files).toContain('swagger-ui-bundle.js')
    for (const name of files) {
      const bytes = await readFile(join(ASSETS, name))
      const { mtime } = await stat(join(ASSETS, name))
      const answer = await app.inject({ method: 'GET', url: `${STATIC}/${name}` })
      const { date: _date, connection: _connection, etag, ...headers } = answer.headers
      expect({ name, status: answer.statusCode, headers }).toEqual({
        name,
        status: 200,
        headers: {
          'content-type': TYPES[name.slice(name.lastIndexOf('.'))],
          'content-length': String(bytes.length),
          'accept-ranges': 'bytes',
          'cache-control': 'public, max-age=0',
          'last-modified': mtime.toUTCString(),
        },
      })
      expect(etag).toMatch(/^W\/"[0-9a-f]+-[0-9a-f]+"$/)
      expect(answer.rawPayload.equals(bytes)).toBe(true)
    }
  })

  it('answers 304 with no body to a request that has the file (If-None-Match, If-Modified-Since)', async () => {
    const { app } = await testApp()
    const url = `${STATIC}/swagger-ui.css`
    const first = await app.inject({ method: 'GET', url })
    for (const headers of [
      { 'if-none-match': String(first.headers.etag) },
      { 'if-modified-since': String(first.headers['last-modified']) },
    ]) {
      const again = await app.inject({ method: 'GET', url, headers })
      expect({ status: again.statusCode, body: again.body, etag: again.headers.etag }).toEqual({
        status: 304,
        body: '',
        etag: first.headers.etag,
      })
    }
  })

  it('answers a range of a file with 206 and those bytes', async () => {
    const { app } = await testApp()
    const bytes = await readFile(join(ASSETS, 'swagger-ui.css'))
    const answer = await app.inject({
      method: 'GET',
      url: `${STATIC}/swagger-ui.css`,
      headers: { range: 'bytes=10-19' },
    })
    expect({
      status: answer.statusCode,
      range: answer.headers['content-range'],
      body: answer.body,
    }).toEqual({
      status: 206,
      range: `bytes 10-19/${bytes.length}`,
      body: bytes.subarray(10, 20).toString(),
    })
  })

  it('answers HEAD with the headers of GET and no body', async () => {
    const { app } = await testApp()
    const bytes = await readFile(join(ASSETS, 'swagger-ui-bundle.js'))
    const answer = await app.inject({ method: 'HEAD', url: `${STATIC}/swagger-ui-bundle.js` })
    expect({
      status: answer.statusCode,
      type: answer.headers['content-type'],
      length: answer.headers['content-length'],
      body: answer.body,
    }).toEqual({
      status: 200,
      type: 'application/javascript; charset=utf-8',
      length: String(bytes.length),
      body: '',
    })
  })

  it('still answers the page, its initializer and its redirect', async () => {
    const { app } = await testApp()
    const page = await app.inject({ method: 'GET', url: '/__mock/docs' })
    expect(page.statusCode).toBe(200)
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(page.body).toContain('src="/__mock/docs/static/swagger-ui-bundle.js"')
    const slash = await app.inject({ method: 'GET', url: '/__mock/docs/' })
    expect(slash.statusCode).toBe(200)
    expect(slash.body).toContain('src="./static/swagger-ui-bundle.js"')
    const initializer = await app.inject({
      method: 'GET',
      url: `${STATIC}/swagger-initializer.js`,
    })
    expect(initializer.statusCode).toBe(200)
    expect(initializer.headers['content-type']).toBe('application/javascript; charset=utf-8')
    expect(initializer.body).toContain('/__mock/altegio-openapi.json')
    const index = await app.inject({ method: 'GET', url: `${STATIC}/index.html` })
    expect({ status: index.statusCode, location: index.headers.location }).toEqual({
      status: 302,
      location: '/__mock/docs/',
    })
  })
})

describe('the docs page refusals, in the Altegio envelope', () => {
  const notFound = (path: string) =>
    envelope(
      `No file ${path} among the docs page's assets. The page is at /__mock/docs and loads its files from /__mock/docs/static/ (e.g. /__mock/docs/static/swagger-ui-bundle.js); the OpenAPI documents are /__mock/altegio-openapi.json and /__mock/openapi.json.`,
    )

  it('404 for a file that is not there, with where the page and its files are', async () => {
    const { app } = await testApp()
    for (const path of [
      `${STATIC}/nope.js`,
      `${STATIC}/`,
      `${STATIC}/swagger-ui.css/more`,
      '/__mock/docs/nope',
      '/__mock/docs/swagger-ui-bundle.js',
      '/__mock/docs/json',
      '/__mock/docs/yaml',
    ]) {
      const answer = await app.inject({ method: 'GET', url: `${path}?v=1` })
      expect({ path, status: answer.statusCode, body: answer.json() }).toEqual({
        path,
        status: 404,
        body: notFound(path),
      })
    }
  })

  it('403 for a path that climbs out of the assets folder', async () => {
    const mock = await testMock()
    for (const path of [`${STATIC}/..%2f..%2fpackage.json`, `${STATIC}/../../../package.json`]) {
      const answer = await exchange(
        mock.url,
        `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
      )
      expect({ path, status: answer.status, body: JSON.parse(answer.body) }).toEqual({
        path,
        status: 403,
        body: envelope(
          `The path ${path} leaves the docs page's assets: ".." is not allowed there. Ask for a file under /__mock/docs/static/ by its name, e.g. /__mock/docs/static/swagger-ui-bundle.js.`,
        ),
      })
    }
  })

  it('416 for a range past the end of the file, with the file size', async () => {
    const { app } = await testApp()
    const { size } = await stat(join(ASSETS, 'swagger-ui.css'))
    const answer = await app.inject({
      method: 'GET',
      url: `${STATIC}/swagger-ui.css`,
      headers: { range: `bytes=${size}-` },
    })
    expect({
      status: answer.statusCode,
      range: answer.headers['content-range'],
      body: answer.json(),
    }).toEqual({
      status: 416,
      range: `bytes */${size}`,
      body: envelope(
        `The Range "bytes=${size}-" is outside ${STATIC}/swagger-ui.css, which is ${size} bytes: ask for bytes from 0 to ${size - 1}, or send no Range header for the whole file.`,
      ),
    })
  })
})
