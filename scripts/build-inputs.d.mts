/** What dist/ is built from (build-inputs.mjs). */
export declare const BUILD_INPUTS: readonly string[]
