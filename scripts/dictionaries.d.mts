/** What the dictionaries' data file holds (dictionaries.mjs). */
export declare const DATA_FILE: string
export declare const PACKAGES: readonly string[]
export declare const CITIES_PER_COUNTRY: number
export declare function generate(): Promise<{
  packages: Record<string, string>
  countries: Record<string, unknown>[]
  cities: { id: number; country_id: number; title: string }[]
  business_groups: Record<string, unknown>[]
}>
