/**
 * The one URL format of values the mock stores and later opens (webhook URLs,
 * callback and registration URLs): an absolute http(s) URL that WHATWG
 * `new URL()`, the parser of the webhook client and of the registration
 * redirect, accepts. Ajv knows it by this name (validator.ts).
 */
export const HTTP_URL_FORMAT = 'http-url'

const SCHEME = /^[hH][tT][tT][pP][sS]?:\/\/[^/?#\s]+/
// The parser drops tabs and newlines and trims spaces; what is stored must be what is opened.
// A scan of char codes, not a spread of the string into an array: every stored URL passes here.
const hasSpaceOrControl = (text: string) =>
  /\s/.test(text) || hasCode(text, (c) => c < 32 || c === 127)
// A URI is ASCII (RFC 3986); the parser would percent-encode the rest, so the URL opened would differ.
const hasNonAscii = (text: string) => hasCode(text, (c) => c > 127)
function hasCode(text: string, test: (code: number) => boolean): boolean {
  for (let i = 0; i < text.length; i++) if (test(text.charCodeAt(i))) return true
  return false
}
const MAX_PORT = 65535

function parses(text: string): boolean {
  try {
    new URL(text)
    return true
  } catch {
    return false
  }
}

/** Why the parser refuses a URL whose scheme is right, in words; a guess from its authority. */
function parserProblem(text: string): string {
  const authority = text.slice(text.indexOf('//') + 2).split(/[/?#\\]/, 1)[0] ?? ''
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1)
  const bracket = hostPort.startsWith('[') ? hostPort.indexOf(']') + 1 : 0
  const colon = hostPort.indexOf(':', bracket)
  const host = colon < 0 ? hostPort : hostPort.slice(0, colon)
  const port = colon < 0 ? '' : hostPort.slice(colon + 1)
  if (host === '') return 'it has no host name'
  if (port !== '' && !/^[0-9]+$/.test(port)) return `its port "${port}" is not a number`
  if (Number(port) > MAX_PORT) return `its port ${port} is above ${MAX_PORT}, the highest port`
  const labels = host.replace(/\.$/, '').split('.')
  if (/^([0-9]+|0[xX][0-9a-fA-F]*)$/.test(labels.at(-1) ?? '')) {
    return `its host ${host} ends in a number, so it must be an IPv4 address: at most four numbers from 0 to 255, e.g. 192.0.2.10`
  }
  if (labels.some((part) => /^xn--/i.test(part))) {
    return `its host ${host} has an xn-- label that is not valid punycode`
  }
  return 'the WHATWG URL parser (new URL()) refuses it'
}

/** Whether `text` is an http(s) URL to store: the format's check. */
export function isHttpUrl(text: string): boolean {
  return SCHEME.test(text) && !hasSpaceOrControl(text) && !hasNonAscii(text) && parses(text)
}

/**
 * What is wrong with `text` beyond the rule's words ("an absolute http:// or
 * https:// URL"), for the error message; undefined when it is valid or the
 * scheme is what is wrong.
 */
export function httpUrlProblem(text: string): string | undefined {
  if (!SCHEME.test(text)) return undefined
  if (hasSpaceOrControl(text)) return 'it contains a space or a control character'
  if (hasNonAscii(text)) {
    return 'it contains a character outside ASCII: percent-encode it (é is %C3%A9), and give a host name in punycode (xn--...)'
  }
  if (!parses(text)) return parserProblem(text)
  return undefined
}
