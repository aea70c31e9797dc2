// The id rules as plain values: schemas (typebox.ts) build on them, and code
// that reads ids from text (options, paths, the data file) tests them directly.
// One range for every id, in a body, a path, a query or a data file's key.

/** The most digits an id has: 15, so every id is a safe integer and fits every key. */
export const ID_DIGITS = 15

/** The largest id anywhere: 999999999999999. */
export const MAX_ID = 10 ** ID_DIGITS - 1

/** A positive integer id as text, from 1 to MAX_ID. */
export const POSITIVE_ID = new RegExp(`^[1-9][0-9]{0,${ID_DIGITS - 1}}$`)

/**
 * The store's key of a location's item, "<location_id>:<id>": an installation
 * (its application id), a fixed client (its client id).
 */
export const INSTALLATION_KEY = new RegExp(
  `^${POSITIVE_ID.source.slice(1, -1)}:${POSITIVE_ID.source.slice(1, -1)}$`,
)

/** Whether `value` is an id as a body carries it: an integer from 1 to MAX_ID. */
export const isId = (value: unknown): value is number =>
  Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_ID
