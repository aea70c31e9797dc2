// undici for the --upstream proxy, bundled on its own (dist/upstream-client.js):
// the CLI's bundle would otherwise carry its megabyte, and compiling that
// bundle is most of a start (docs/performance.md#start-up).
export { Agent, errors, request } from 'undici'
