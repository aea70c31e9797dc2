import type { Kind } from './kinds.js'

export interface OptionSpec<T> {
  /** The flag, without its dashes; the code option is its camelCase. */
  flag: string
  env: string
  kind: Kind<T>
  /** The CLI's and the server's default. */
  default: T
  /** startAltegioMock's default, where a test suite wants another. */
  codeDefault?: T
  /** The default as docs/configuration.md shows it, where the value alone would mislead. */
  shownDefault?: string
  /** What the flag's value looks like, in --help and docs/configuration.md (default VALUE). */
  placeholder?: string
  help: string
}

export const option = <T>(spec: OptionSpec<T>): OptionSpec<T> => spec

export const MINUTE = 60_000
export const HOUR = 60 * MINUTE
export const MIB = 1024 * 1024
