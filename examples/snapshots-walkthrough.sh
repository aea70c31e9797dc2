#!/bin/sh
# Snapshots, the state as one document, and redelivery, in plain HTTP.
# MOCK: where the mock runs; DOWN: a receiver that refuses; HOOK_URL: one that answers.
set -eu
M="${MOCK:-http://127.0.0.1:8080}/__mock"
DOWN="${DOWN:-http://127.0.0.1:9001/hooks}"
HOOK_URL="${HOOK_URL:-http://127.0.0.1:9000/hooks}"
J='Content-Type: application/json'
c() { curl -sS --fail-with-body "$@"; echo; }
# The first id in an answer's delivery_id or delivery_ids: what a wait then names.
first_id() { echo "$1" | sed -n 's/.*"delivery_ids*":\[*\([0-9][0-9]*\).*/\1/p'; }

# Seed location 123, then keep the whole state under a name:
c -X PUT "$M/locations/123/settings" -H "$J" -d "{\"urls\": [\"$DOWN\"], \"active\": 1, \"record\": 1}"
c -X POST "$M/snapshots" -H "$J" -d '{"name": "seeded"}'
# A test changes things; the next one starts from the snapshot again (on disk too):
c -X DELETE "$M/locations/123"
c -X POST "$M/snapshots/seeded/restore"
# The state as one document, to keep and give back (PUT /__mock/state, --initial-state):
c "$M/state"
# An appointment whose webhook fails, and the wait for it:
TRIGGERED=$(c -X POST "$M/locations/123/events" -H "$J" \
  -d '{"resource": "record", "status": "create", "resource_id": 456}')
echo "$TRIGGERED"
c -X POST "$M/deliveries/wait" -H "$J" \
  -d "{\"delivery_ids\": [$(first_id "$TRIGGERED")], \"timeout_ms\": 10000}"
# Sent again to a receiver that answers, marked redelivery_of, and awaited like any other:
AGAIN=$(c -X POST "$M/deliveries/$(first_id "$TRIGGERED")/redeliver" -H "$J" -d "{\"url\": \"$HOOK_URL\"}")
echo "$AGAIN"
c -X POST "$M/deliveries/wait" -H "$J" -d "{\"delivery_ids\": [$(first_id "$AGAIN")], \"timeout_ms\": 5000}"
# Or every failed delivery of the location since a time (to its own URL):
c -X POST "$M/deliveries/redeliver" -H "$J" -d '{"location_id": 123, "since": "2026-01-01T00:00:00Z"}'
