#!/bin/sh
# One test's worth of the mock, in plain HTTP: what any language's suite can do.
# MOCK: where the mock runs; HOOK_URL: the integration's webhook endpoint.
set -eu
M="${MOCK:-http://127.0.0.1:8080}/__mock"
HOOK_URL="${HOOK_URL:-http://127.0.0.1:9000/hooks}"
JSON='Content-Type: application/json'

# 1. Seed: location 123 sends appointment (record) webhooks to the integration.
curl -sS --fail-with-body -X PUT "$M/locations/123/settings" -H "$JSON" \
  -d "{\"urls\": [\"$HOOK_URL\"], \"active\": 1, \"record\": 1}"
echo
# 2. Trigger: an appointment is created at location 123; answers the delivery ids.
TRIGGERED=$(curl -sS --fail-with-body -X POST "$M/locations/123/events" -H "$JSON" \
  -d '{"resource": "record", "status": "create", "resource_id": 456}')
echo "$TRIGGERED"
IDS=$(echo "$TRIGGERED" | sed -n 's/^{"success":true,"data":{"delivery_ids":\[\([0-9,]*\)\].*/\1/p')
# 3. Wait, instead of sleeping, until exactly those were delivered (a 408 after 5 s if not).
curl -sS --fail-with-body -X POST "$M/deliveries/wait" -H "$JSON" \
  -d "{\"delivery_ids\": [$IDS], \"timeout_ms\": 5000}"
echo
# 4. Reset the location, so the next test starts clean.
curl -sS --fail-with-body -X DELETE "$M/locations/123"
echo
