"""Security headers every answer carries, decided once at the HTTP edge."""

from __future__ import annotations

# No inline script or style anywhere in the web UI: everything comes from /app/static.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
# The interactive docs load Swagger UI from its CDN with an inline bootstrap script.
_DOCS_PATHS = ("/docs", "/redoc")
# Answers that carry personal data or tokens are never stored by a browser or a proxy.
_PRIVATE_PREFIXES = ("/api/", "/app", "/metrics")
_STATIC_PREFIX = "/app/static/"


def security_headers(path: str, *, https: bool) -> list[tuple[bytes, bytes]]:
    """The headers added to the answer to `path`."""
    headers = [
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"same-origin"),
    ]
    if not path.startswith(_DOCS_PATHS):
        headers += [
            (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
            (b"x-frame-options", b"DENY"),
        ]
    if path.startswith(_PRIVATE_PREFIXES) and not path.startswith(_STATIC_PREFIX):
        headers.append((b"cache-control", b"no-store"))
    if https:
        headers.append((b"strict-transport-security", b"max-age=31536000"))
    return headers
