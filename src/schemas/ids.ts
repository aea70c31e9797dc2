// The id rules as plain values: schemas (typebox.ts) build on them, and code
// that reads ids from text (options, paths, the data file) tests them directly.

/** A positive integer id as text: at most 15 digits, so it stays a safe integer. */
export const POSITIVE_ID = /^[1-9][0-9]{0,14}$/

/** The largest id a JSON body may carry: beyond it a number is no longer exact. */
export const MAX_ID = Number.MAX_SAFE_INTEGER
