import type { ValidateFunction } from 'ajv'

/**
 * Checkers Ajv compiled at build time, by name (PRECOMPILED in
 * scripts/bundle.mjs). Empty here: the CLI's bundle replaces this module with
 * Ajv's standalone code for the data file's locations, which every start with
 * a data file checks (compiling that schema took a fifth of the start,
 * docs/performance.md#start-up); everywhere else lazyCheck compiles on first use.
 */
export const precompiled: Partial<Record<string, ValidateFunction>> = {}
