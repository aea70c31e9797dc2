#!/bin/sh
# Time under the test's control, in plain HTTP: a paid month runs out, a retry waits for the clock.
# MOCK: where the mock runs; APP: the partner's server (lifecycle callbacks; APP/failing answers 500).
set -eu
M="${MOCK:-http://127.0.0.1:8080}"
APP="${APP:-http://127.0.0.1:9000}"
P='Authorization: Bearer partner-token'; V='Accept: application/vnd.api.v2+json'; J='Content-Type: application/json'
c() { curl -sS --fail-with-body "$@"; echo; }
pay() { c -X POST "$M/marketplace/partner/payment" -H "$P" -H "$V" -H "$J" -d '{"salon_id": 123,
  "application_id": 7, "currency_iso": "USD", "payment_sum": 500, "payment_date": "'"$1"'",
  "period_from": "'"$1"'", "period_to": "'"$2"'"}'; }

# Stop the clock at a fixed date: from now on it moves only when told to.
c -X POST "$M/__mock/clock" -H "$J" -d '{"now": "2026-01-01T00:00:00Z"}'
c -X POST "$M/__mock/applications" -H "$J" -d '{"application_id": 7,
  "partner_token": "partner-token", "callback_url": "'"$APP"'/lifecycle"}'
c -X POST "$M/api/v1/company/123/marketplace/applications/7/grant_access" \
  -H 'Authorization: Bearer partner-token, User owner-token' -H "$V"
c -X POST "$M/marketplace/partner/callback" -H "$P" -H "$V" -H "$J" \
  -d '{"salon_id": 123, "application_id": 7, "api_key": "key", "webhook_urls": []}'
# One month paid:
pay "2026-01-01 00:00:00" "2026-02-01 00:00:00"
# 31 days on, the month has run out: the installation froze by itself on the way, and
# the freeze callback reached APP/lifecycle before this answer.
c -X POST "$M/__mock/clock" -H "$J" -d '{"advance": "P31D"}'
c "$M/marketplace/salon/123/application/7" -H "$P" -H "$V"
# Another month paid: active again.
pay "2026-02-01 00:00:00" "2026-03-01 00:00:00"
c "$M/marketplace/salon/123/application/7" -H "$P" -H "$V"

# A receiver that fails: the first attempt goes at once, the retry waits for the clock.
c -X PUT "$M/__mock/locations/123/settings" -H "$J" \
  -d '{"urls": ["'"$APP"'/failing"], "active": 1, "record": 1}'
c -X POST "$M/__mock/locations/123/events" -H "$J" -d '{"resource": "record", "status": "create", "resource_id": 456}'
# An advance of 0 ms returns once what is under way is done: one attempt, retrying.
c -X POST "$M/__mock/clock" -H "$J" -d '{"advance_ms": 0}'
c "$M/__mock/deliveries?location_id=123&resource=record"
# The retry delay (--delivery-retry-delay-ms, 1500 by default) later, the retry has come:
c -X POST "$M/__mock/clock" -H "$J" -d '{"advance_ms": 1500}'
c "$M/__mock/deliveries?location_id=123&resource=record"
# Let the clock run again, from where it stands.
c -X POST "$M/__mock/clock" -H "$J" -d '{"mode": "real"}'
