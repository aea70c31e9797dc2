#!/bin/sh
# A marketplace application installed end to end, in plain HTTP.
# MOCK: where the mock runs; APP: the partner's server (callbacks, registration page, webhooks).
set -eu
M="${MOCK:-http://127.0.0.1:8080}"
APP="${APP:-http://127.0.0.1:9000}"
P='Authorization: Bearer partner-token'; V='Accept: application/vnd.api.v2+json'; J='Content-Type: application/json'
c() { curl -sS --fail-with-body "$@"; echo; }
# The delivery id in an answer: what a wait then names.
delivery_id() { echo "$1" | sed -n 's/.*"delivery_id":\([0-9][0-9]*\).*/\1/p'; }

c -X POST "$M/__mock/applications" -H "$J" -d '{"application_id": 7,
  "partner_token": "partner-token", "callback_url": "'"$APP"'/lifecycle",
  "registration_redirect_url": "'"$APP"'/register", "is_personal_data_access_needed": true,
  "category": "sms_aggregators"}'
# The owner connects it; redirect_url is the page the owner's browser opens:
c -X POST "$M/api/v1/company/123/marketplace/applications/7/grant_access" \
  -H 'Authorization: Bearer partner-token, User owner-token' -H "$V"
# The registration page activates it, installing its webhook URL:
c -X POST "$M/marketplace/partner/callback" -H "$P" -H "$V" -H "$J" \
  -d '{"salon_id": 123, "application_id": 7, "api_key": "key", "webhook_urls": ["'"$APP"'/webhooks"]}'
# As an SMS aggregator, it offers the location its sender names and the SMS channel:
c -X POST "$M/marketplace/partner/short_names" -H "$P" -H "$V" -H "$J" \
  -d '{"salon_id": 123, "application_id": 7, "short_names": ["SalonSMS"]}'
c -X POST "$M/marketplace/application/update_channel" -H "$P" -H "$V" -H "$J" \
  -d '{"salon_id": 123, "application_id": 7, "channel_slug": "sms", "is_available": true}'
# The installation's whole record keeps them:
c "$M/__mock/locations/123/applications/7"
# An appointment at the location reaches the installed URL:
c -X POST "$M/__mock/locations/123/events" -H "$J" -d '{"resource": "record", "status": "create", "resource_id": 456}'
# The paid period ends, then the partner records a payment:
FREEZE=$(c -X POST "$M/__mock/locations/123/applications/7/events" -H "$J" -d '{"event": "freeze"}'); echo "$FREEZE"
c -X POST "$M/marketplace/partner/payment" -H "$P" -H "$V" -H "$J" -d '{"salon_id": 123, "application_id": 7,
  "currency_iso": "USD", "payment_sum": 500, "payment_date": "2026-05-01 10:00:00",
  "period_from": "2026-05-01 10:00:00", "period_to": "2026-06-01 10:00:00"}'
c "$M/marketplace/salon/123/application/7" -H "$P" -H "$V"
# The owner uninstalls it: the uninstall callback, and the URL is gone:
UNINSTALL=$(c -X POST "$M/__mock/locations/123/applications/7/events" -H "$J" -d '{"event": "uninstall"}'); echo "$UNINSTALL"
# Wait for exactly those two callbacks (ids from the answers), not any earlier ones:
c -X POST "$M/__mock/deliveries/wait" -H "$J" \
  -d '{"delivery_ids": ['"$(delivery_id "$FREEZE")"', '"$(delivery_id "$UNINSTALL")"'], "timeout_ms": 5000}'
c "$M/__mock/locations/123/settings"
