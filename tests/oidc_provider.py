"""An OpenID Connect provider for the tests, on 127.0.0.1: discovery, an authorize endpoint with
a sign-in form, a token endpoint (authorization code with PKCE, client secret checked), JWKS
and userinfo. ID tokens are RS256 JWTs signed with joserfc; the PKCE check is Authlib's. It
serves one registered client and the people the test names; nothing leaves the machine."""

from __future__ import annotations

import base64
import html
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jwt
from joserfc.jwk import RSAKey

CODE_SECONDS = 60


@dataclass
class Provider:
    """The provider's state: its key, its client, who may sign in, the codes handed out."""

    client_id: str
    client_secret: str
    redirect_uri: str
    people: dict[str, list[str]]  # e-mail -> groups
    key: RSAKey = field(
        default_factory=lambda: RSAKey.generate_key(2048, parameters={"kid": "test-key"})
    )
    codes: dict[str, dict] = field(default_factory=dict)
    tokens: dict[str, dict] = field(default_factory=dict)
    issuer: str = ""
    server: ThreadingHTTPServer | None = None

    def start(self) -> str:
        """Serve on a free 127.0.0.1 port; returns the issuer URL."""
        provider = self

        class Handler(_Handler):
            state = provider

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.timeout = 10
        self.issuer = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self.issuer

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()

    @property
    def metadata_url(self) -> str:
        return self.issuer + "/.well-known/openid-configuration"

    def metadata(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": self.issuer + "/authorize",
            "token_endpoint": self.issuer + "/token",
            "jwks_uri": self.issuer + "/jwks",
            "userinfo_endpoint": self.issuer + "/userinfo",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "email", "profile"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "code_challenge_methods_supported": ["S256"],
            "claims_supported": ["sub", "email", "email_verified", "name", "groups"],
        }

    def claims(self, email: str) -> dict:
        return {
            "sub": "user-" + email.split("@")[0],
            "email": email,
            "email_verified": True,
            "name": email.split("@")[0].title(),
            "groups": self.people[email],
        }

    def id_token(self, email: str, nonce: str | None) -> str:
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": self.client_id,
            "iat": now,
            "exp": now + 600,
            **self.claims(email),
        }
        if nonce:
            claims["nonce"] = nonce
        return jwt.encode({"alg": "RS256", "kid": self.key.kid}, claims, self.key)


class _Handler(BaseHTTPRequestHandler):
    state: Provider

    def log_message(self, *args) -> None:  # quiet
        pass

    def _send(self, status: int, body: bytes, kind: str, headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, data: dict, status: int = 200) -> None:
        self._send(status, json.dumps(data).encode(), "application/json")

    def _form(self) -> dict[str, str]:
        length = min(int(self.headers.get("Content-Length") or 0), 64_000)
        raw = self.rfile.read(length).decode()
        return {k: v[0] for k, v in parse_qs(raw).items()}

    def do_GET(self) -> None:  # noqa: N802 - the http.server interface
        url = urlparse(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        p = self.state
        if url.path == "/.well-known/openid-configuration":
            return self._json(p.metadata())
        if url.path == "/jwks":
            return self._json({"keys": [p.key.as_dict(private=False, use="sig", alg="RS256")]})
        if url.path == "/userinfo":
            token = self.headers.get("Authorization", "").removeprefix("Bearer ")
            if token not in p.tokens:
                return self._json({"error": "invalid_token"}, 401)
            return self._json(p.claims(p.tokens[token]["email"]))
        if url.path == "/authorize":
            if query.get("client_id") != p.client_id or query.get("redirect_uri") != (
                p.redirect_uri
            ):
                return self._json({"error": "unauthorized_client"}, 400)
            hidden = "".join(
                f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
                for k, v in query.items()
            )
            page = (
                "<!doctype html><title>Test provider sign-in</title><h1>Sign in</h1>"
                f'<form method="post" action="/authorize">{hidden}'
                '<label>E-mail <input name="email" id="email"></label>'
                '<button type="submit" id="submit">Sign in</button></form>'
            )
            return self._send(200, page.encode(), "text/html; charset=utf-8")
        return self._json({"error": "not_found"}, 404)

    def do_POST(self) -> None:  # noqa: N802
        url = urlparse(self.path)
        form = self._form()
        p = self.state
        if url.path == "/authorize":
            email = form.get("email", "")
            if email not in p.people or form.get("redirect_uri") != p.redirect_uri:
                return self._send(403, b"unknown person", "text/plain")
            code = secrets.token_urlsafe(24)
            p.codes[code] = {
                "email": email,
                "nonce": form.get("nonce"),
                "challenge": form.get("code_challenge"),
                "redirect_uri": form["redirect_uri"],
                "expires": time.time() + CODE_SECONDS,
            }
            target = p.redirect_uri + "?" + urlencode({"code": code, "state": form.get("state")})
            return self._send(302, b"", "text/plain", {"Location": target})
        if url.path == "/token":
            return self._token(form)
        return self._json({"error": "not_found"}, 404)

    def _token(self, form: dict[str, str]) -> None:
        p = self.state
        client_id, secret = form.get("client_id"), form.get("client_secret")
        basic = self.headers.get("Authorization", "")
        if basic.startswith("Basic "):
            client_id, _, secret = base64.b64decode(basic[6:]).decode().partition(":")
        if (client_id, secret) != (p.client_id, p.client_secret):
            return self._json({"error": "invalid_client"}, 401)
        grant = p.codes.pop(form.get("code", ""), None)  # a code is used once
        if (
            form.get("grant_type") != "authorization_code"
            or grant is None
            or grant["expires"] < time.time()
            or grant["redirect_uri"] != form.get("redirect_uri")
        ):
            return self._json({"error": "invalid_grant"}, 400)
        if (
            grant["challenge"]
            and create_s256_code_challenge(form.get("code_verifier", "")) != grant["challenge"]
        ):
            return self._json({"error": "invalid_grant", "error_description": "PKCE"}, 400)
        access = secrets.token_urlsafe(24)
        p.tokens[access] = {"email": grant["email"]}
        return self._json(
            {
                "access_token": access,
                "token_type": "Bearer",
                "expires_in": 600,
                "id_token": p.id_token(grant["email"], grant["nonce"]),
            }
        )
