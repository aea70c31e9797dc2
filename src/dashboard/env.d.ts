// esbuild bundles the page's CSS beside its script (scripts/bundle.mjs).
declare module '*.css'
