"""Who is asking: every request carries the token (``?token=`` once, then a cookie; ``Authorization: Bearer`` for
scripts), and every form carries a CSRF token.

A request is given a ``Principal``. Today there is one kind, the staff who started the server; the per-unit
links of a later issue will be a second kind (a unit that may only upload and see its own files), checked by
``Principal.may`` where the staff's pages are served.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

COOKIE = "jlt_session"
UNIT_COOKIE = "jlt_unit"  # set on a unit's page, for that page's path only
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"


@dataclass(frozen=True)
class Principal:
    kind: str  # "staff"; later also "unit"
    via: str  # "cookie", "bearer" or "query": a form posted with a cookie must carry the CSRF token

    def may(self, what: str) -> bool:
        """Staff may do everything; other kinds will be given their own short list."""
        return self.kind == "staff"


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Auth:
    def __init__(self, token: str) -> None:
        self.token = token
        key = token.encode("utf-8")
        # the cookie and the CSRF token are derived from the token: a server restarted with the same --token
        # keeps its visitors signed in, and neither value reveals the token
        self.session = hmac.new(key, b"jlt-serve session", hashlib.sha256).hexdigest()
        self.csrf = hmac.new(key, b"jlt-serve csrf", hashlib.sha256).hexdigest()

    def check_token(self, given: str | None) -> bool:
        return bool(given) and hmac.compare_digest(given.encode("utf-8"), self.token.encode("utf-8"))

    def principal(self, headers: dict, cookies: dict, query: dict) -> Principal | None:
        auth = headers.get("authorization", "")
        if auth[:7].lower() == "bearer ":
            return Principal("staff", "bearer") if self.check_token(auth[7:].strip()) else None
        cookie = cookies.get(COOKIE)
        if cookie and hmac.compare_digest(cookie.encode("utf-8", "replace"), self.session.encode()):
            return Principal("staff", "cookie")
        if self.check_token(query.get("token")):
            return Principal("staff", "query")
        return None

    def unit_secret(self, link_token: str, purpose: str) -> str:
        """A unit page's cookie or CSRF token: bound to the unit's link, derived like the staff's, revealing neither."""
        return hmac.new(self.token.encode("utf-8"), f"jlt-unit {purpose} {link_token}".encode("utf-8"),
                        hashlib.sha256).hexdigest()

    def check_csrf(self, given: str | None) -> bool:
        return bool(given) and hmac.compare_digest(given.encode("utf-8", "replace"), self.csrf.encode())
