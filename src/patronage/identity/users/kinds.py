"""What a user is (staff or customer) and the states of a customer account."""

from __future__ import annotations

STAFF = "staff"
CUSTOMER = "customer"

ACTIVE = "active"
# A captured customer User left unused after its profile joined another account.
RETIRED = "retired"
