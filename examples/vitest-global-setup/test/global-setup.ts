// Starts one mock for every test file, and hands its URLs to them as
// inject('altegioMock'); in the tsconfig, it also types inject('altegioMock').
export { setup, teardown } from 'altegio-hooks-mock/vitest'
