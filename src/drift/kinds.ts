/** The kinds of difference a drift report names (compare.ts says what each means). */
export const DRIFT_KINDS = [
  'status',
  'body',
  'missing',
  'extra',
  'type',
  'format',
  'value',
] as const
