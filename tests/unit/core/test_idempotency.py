"""What makes two requests the same for `Idempotency-Key`."""

from __future__ import annotations

from patronage.core.idempotency import Outcome, fingerprint


def test_json_key_order_and_whitespace_do_not_change_the_fingerprint() -> None:
    compact = fingerprint("POST", "/api/v1/customers", "", b'{"a":1,"b":[1,2]}')
    spaced = fingerprint("post", "/api/v1/customers", "", b'{ "b": [1, 2],\n  "a": 1 }')
    assert compact == spaced


def test_method_path_query_and_body_each_change_the_fingerprint() -> None:
    base = fingerprint("POST", "/api/v1/customers", "", b'{"a":1}')
    assert base != fingerprint("PUT", "/api/v1/customers", "", b'{"a":1}')
    assert base != fingerprint("POST", "/api/v1/orders", "", b'{"a":1}')
    assert base != fingerprint("POST", "/api/v1/customers", "x=1", b'{"a":1}')
    assert base != fingerprint("POST", "/api/v1/customers", "", b'{"a":2}')


def test_a_body_that_is_not_json_is_fingerprinted_as_bytes() -> None:
    assert fingerprint("POST", "/p", "", b"\xff{") != fingerprint("POST", "/p", "", b"\xfe{")


def test_a_replayed_outcome_says_so_in_a_header() -> None:
    outcome = Outcome(201, {"id": "x"}, {"ETag": '"1"'})
    assert outcome.response(replayed=True).headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in outcome.response().headers
