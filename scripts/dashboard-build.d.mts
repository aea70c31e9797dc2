/** How esbuild bundles the dashboard page (dashboard-build.mjs). */
export declare const DASHBOARD_BUILD: Record<string, unknown>
export declare function buildDashboard(): Promise<Record<'dashboard.js' | 'dashboard.css', Buffer>>
