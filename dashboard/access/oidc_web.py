"""The server side of signing in through the identity provider: from Streamlit's callback to
one of our sessions.

Streamlit's `st.login` does the OpenID Connect flow (`/auth/login` → the provider →
`/oauth2callback`, which checks the state, the nonce and the ID token's signature and sets
Streamlit's signed `_streamlit_user` cookie). `ProviderCallbackMiddleware` watches that one
response: it reads the claims from the cookie Streamlit is setting, asks `oidc.resolve` who
this is here, and then either starts one of *our* server sessions (the same store, cookie,
idle and absolute timeouts, sign-out and `tuopin users end-sessions` as a local account) or
sends the browser to a refusal page and takes Streamlit's cookies back. Only a fresh callback
starts a session: Streamlit's 30-day identity cookie alone never does, so our timeouts hold.

A provider user becomes a row in `users` named `oidc:<name>` (no usable password), linked to
its subject in `oidc_accounts`; its roles, area and helper are written afresh at every
sign-in from the mapping file or the claims, so a change at the provider counts next time.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from http.cookies import SimpleCookie
from pathlib import Path

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from dashboard.access import audit, oidc
from dashboard.access.accounts import User, end_user_sessions, get_user, name_key
from dashboard.access.html_page import page
from dashboard.access.sessions import COOKIE_NAME, create_session
from dashboard.access.store import Store, instance_dir, open_store
from dashboard.snapshots import default_data_dir

CALLBACK_PATH = "/oauth2callback"
REFUSED_PATH = "/auth/oidc/refused"
START_PATH = "/auth/oidc/start"
STREAMLIT_USER_COOKIE = "_streamlit_user"
STREAMLIT_COOKIES = (STREAMLIT_USER_COOKIE, "_streamlit_user_tokens")
NOT_A_PASSWORD_HASH = "!oidc"  # argon2 refuses it: an account from the provider has no password
# What Streamlit adds to the claims in its cookie; not the provider's.
STREAMLIT_KEYS = ("origin", "is_logged_in", "provider")


def configured_for(data_dir: Path) -> oidc.OidcConfig | None:
    """The provider settings of a data directory's instance folder, or None."""
    return oidc.load_config(instance_dir(data_dir))


# The settings the server started with (`dashboard/server.py`): Streamlit's [auth] secrets are
# fixed at start, so the sign-in pages offer exactly the provider those secrets configure.
_active: oidc.OidcConfig | None = None


def activate(config: oidc.OidcConfig | None) -> None:
    global _active
    _active = config


def active_config() -> oidc.OidcConfig | None:
    """The identity provider this server offers, or None (not configured, or not a server)."""
    return _active


def _data_dir() -> Path:
    return default_data_dir().resolve()


# ---------------------------------------------------------------- accounts


def _linked_user(store: Store, subject: str) -> User | None:
    with store.reading() as connection:
        row = connection.execute(
            "select user_id from oidc_accounts where subject = ?", (subject,)
        ).fetchone()
    return get_user(store, row["user_id"]) if row else None


def _name_free(connection, name: str) -> bool:
    taken = connection.execute("select 1 from users where name_key = ?", (name_key(name),))
    return taken.fetchone() is None


def _account(store: Store, resolved: oidc.Resolved, now: float) -> tuple[User, bool]:
    """The users row of a provider user, made or brought up to date; whether it changed."""
    user = _linked_user(store, resolved.subject)
    roles = ",".join(resolved.roles)
    if user is None:
        with store.transaction() as connection:
            name = resolved.name
            if not _name_free(connection, name):  # two provider users with one shown name
                name = oidc.ACCOUNT_PREFIX + resolved.subject[: oidc.MAX_NAME_LENGTH]
            user_id = connection.execute(
                "insert into users (name, name_key, password_hash, roles, area, helper_id,"
                " disabled, password_changed_at, created_at) values (?, ?, ?, ?, ?, ?, 0, ?, ?)"
                " returning user_id",
                (
                    name,
                    name_key(name),
                    NOT_A_PASSWORD_HASH,
                    roles,
                    resolved.area,
                    resolved.helper_id,
                    now,
                    now,
                ),
            ).fetchone()[0]
            connection.execute(
                "insert into oidc_accounts (subject, user_id) values (?, ?)",
                (resolved.subject, user_id),
            )
        audit.record(
            store,
            "oidc",
            "user.added",
            user=name,
            roles=list(resolved.roles),
            area=resolved.area,
            helper_id=resolved.helper_id,
            source=resolved.source,
        )
        return get_user(store, user_id), False
    changed = (user.roles, user.area, user.helper_id) != (
        resolved.roles,
        resolved.area,
        resolved.helper_id,
    )
    if changed:
        with store.transaction() as connection:
            connection.execute(
                "update users set roles = ?, area = ?, helper_id = ? where user_id = ?",
                (roles, resolved.area, resolved.helper_id, user.user_id),
            )
        audit.record(
            store,
            "oidc",
            "user.changed",
            user=user.name,
            change="from the provider",
            roles=list(resolved.roles),
            area=resolved.area,
            helper_id=resolved.helper_id,
            source=resolved.source,
        )
    return get_user(store, user.user_id), changed


def sign_in_from_claims(
    store: Store,
    claims: dict,
    config: oidc.OidcConfig,
    *,
    address: str = "",
    clock: Callable[[], float] = time.time,
) -> User | oidc.Refused:
    """Our user for the provider's claims (audited `sign_in.success`, method oidc), or Refused.

    Every refusal is audited as `sign_in.failure` with its reason: no mapping or claim, a bad
    role or area, or an account an administrator disabled here.
    """
    try:
        resolved = oidc.resolve(claims, oidc.with_current_mapping(config))
    except oidc.OidcConfigError as error:  # the mapping file was edited into something broken
        subject = str(claims.get("sub", ""))
        resolved = oidc.Refused(subject, oidc.ACCOUNT_PREFIX + subject, error.message_en)
    if isinstance(resolved, oidc.Refused):
        return _refused(store, resolved, address, clock)
    user, changed = _account(store, resolved, clock())
    if user.disabled:
        return _refused(
            store, oidc.Refused(resolved.subject, user.name, "disabled"), address, clock
        )
    if changed:  # sessions begun under the old roles or area end, as with `users set-role`
        end_user_sessions(
            store, user.name, actor="oidc", reason="changed at the provider", clock=clock
        )
    audit.record(
        store,
        user.name,
        "sign_in.success",
        method="oidc",
        subject=resolved.subject,
        source=resolved.source,
        address=address,
        clock=clock,
    )
    return user


def _refused(store, refused: oidc.Refused, address: str, clock) -> oidc.Refused:
    """Record a refused sign-in in the audit log (who, the provider's subject, why); the refusal."""
    audit.record(
        store,
        refused.name,
        "sign_in.failure",
        method="oidc",
        subject=refused.subject,
        reason=refused.reason,
        address=address,
        clock=clock,
    )
    return refused


# ---------------------------------------------------------------- Streamlit's callback


def _cookies_being_set(headers: MutableHeaders) -> dict[str, str]:
    jar: dict[str, str] = {}
    for value in headers.getlist("set-cookie"):
        parsed = SimpleCookie()
        parsed.load(value)
        for name, morsel in parsed.items():
            jar[name] = morsel.value
    return jar


def claims_from_set_cookies(jar: dict[str, str], cookie_secret: str) -> dict | None:
    """The claims in the `_streamlit_user` cookie Streamlit is setting (checked signature)."""
    from streamlit.auth_util import get_cookie_with_chunks
    from streamlit.web.server.starlette.starlette_app_utils import decode_signed_value

    def single(name: str) -> bytes | None:
        value = jar.get(name)
        if not value:
            return None
        return decode_signed_value(cookie_secret, name, value.encode("latin-1"))

    raw = get_cookie_with_chunks(single, STREAMLIT_USER_COOKIE)
    if raw is None:
        return None
    claims = json.loads(raw)
    return {key: value for key, value in claims.items() if key not in STREAMLIT_KEYS}


def _cookie_header(name: str, value: str, *, secure: bool, delete: bool = False) -> str:
    response = Response()
    if delete:
        response.delete_cookie(name, path="/")
    else:
        response.set_cookie(name, value, httponly=True, samesite="strict", secure=secure, path="/")
    return response.headers["set-cookie"]


class ProviderCallbackMiddleware:
    """ASGI middleware: turns Streamlit's successful `/oauth2callback` into our session."""

    def __init__(self, app, config: oidc.OidcConfig | None = None) -> None:
        self.app = app
        self.config = config

    async def __call__(self, scope, receive, send) -> None:
        if (
            self.config is None
            or scope["type"] != "http"
            or not scope["path"].endswith(CALLBACK_PATH)
        ):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        address = request.client.host if request.client else ""
        secure = (
            request.url.scheme == "https" or request.headers.get("x-forwarded-proto") == "https"
        )

        async def watching_send(message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                claims = claims_from_set_cookies(
                    _cookies_being_set(headers), self.config.cookie_secret
                )
                if claims is not None:
                    self._decide(headers, claims, address, secure)
            await send(message)

        await self.app(scope, receive, watching_send)

    def _decide(self, headers: MutableHeaders, claims: dict, address: str, secure: bool) -> None:
        store = open_store(_data_dir())
        outcome = sign_in_from_claims(store, claims, self.config, address=address)
        if isinstance(outcome, oidc.Refused):
            # Streamlit's identity cookie is not set: nobody is half signed in.
            kept = [
                value
                for value in headers.getlist("set-cookie")
                if not value.startswith(STREAMLIT_USER_COOKIE)
            ]
            del headers["set-cookie"]
            for value in kept:
                headers.append("set-cookie", value)
            for name in STREAMLIT_COOKIES:
                headers.append("set-cookie", _cookie_header(name, "", secure=secure, delete=True))
            headers["location"] = REFUSED_PATH
            return
        token = create_session(store, outcome, address=address)
        headers.append("set-cookie", _cookie_header(COOKIE_NAME, token, secure=secure))


# ---------------------------------------------------------------- routes


def streamlit_cookie_deletions(request: Request, response: Response) -> None:
    """Take Streamlit's identity cookies (and their chunks) back: part of our sign-out."""
    for name in request.cookies:
        if name in STREAMLIT_COOKIES or name.startswith(f"{STREAMLIT_USER_COOKIE}_"):
            response.delete_cookie(name, path="/")


async def start(request: Request) -> Response:
    """`/auth/oidc/start`: the plain sign-in form's link into `st.login`'s own flow."""
    config = active_config()
    if config is None:
        return RedirectResponse("/auth/sign-in", status_code=303)
    from streamlit.user_info import generate_login_redirect_url

    return RedirectResponse(generate_login_redirect_url(config.provider), status_code=303)


async def refused(request: Request) -> Response:
    body = """<h1>不能登录 · Not let in</h1>
<p class="error" role="alert">您已通过单位的统一身份认证，但本看板没有给这个身份分配角色和区域，\
或者这个账号已被停用，所以不能进入。请联系看板管理员。</p>
<p class="error">You signed in at the organisation's identity provider, but this dashboard has no
role and area for that identity (or its account here is disabled), so you cannot enter. Ask the
dashboard's administrator.</p>
<p><a href="/auth/sign-in">返回登录 Back to sign-in</a></p>"""
    return page("不能登录 Not let in", body, 403)


ROUTES = [
    Route(START_PATH, start, methods=["GET"]),
    Route(REFUSED_PATH, refused, methods=["GET"]),
]
