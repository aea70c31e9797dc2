#!/bin/sh
# Faults for location 123, in plain HTTP. MOCK: where the mock runs.
set -eu
M="${MOCK:-http://127.0.0.1:8080}/__mock"
J='Content-Type: application/json'
c() { curl -sS --fail-with-body "$@"; echo; }

# The next two POSTs to location 123 answer 503, the third saves:
c -X POST "$M/faults" -H "$J" -d '{"location_id": 123, "method": "POST", "times": 2, "status": 503}'
# Every GET for location 123 answers 1.5 s late; the answer holds the fault's id:
DELAY=$(c -X POST "$M/faults" -H "$J" -d '{"location_id": 123, "method": "GET", "delay_ms": 1500}')
echo "$DELAY"
c "$M/faults"
# Remove it by that id (ids go on counting across resets, so never assume 1):
c -X DELETE "$M/faults/$(echo "$DELAY" | sed -n 's/.*"data":{"id":\([0-9][0-9]*\).*/\1/p')"
# Location 123's connections are now dropped, except the POSTs the older 503 fault
# still decides: the oldest matching fault wins.
c -X POST "$M/faults" -H "$J" -d '{"location_id": 123, "kind": "reset"}'
