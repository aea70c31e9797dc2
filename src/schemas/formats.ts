import { fullFormats } from 'ajv-formats/dist/formats.js'
import { HTTP_URL_FORMAT, isHttpUrl } from './url.js'
import { isWireTime, WIRE_TIME_FORMAT } from './wire-time.js'

/** Our own string formats, as Ajv takes them (validator.ts). */
export const OWN_FORMATS = {
  [WIRE_TIME_FORMAT]: { type: 'string', validate: isWireTime },
  [HTTP_URL_FORMAT]: { type: 'string', validate: isHttpUrl },
} as const

/** Every format the validator knows, by name: what Ajv's precompiled code looks formats up in (scripts/bundle.mjs). */
export const FORMATS = { ...fullFormats, ...OWN_FORMATS }
