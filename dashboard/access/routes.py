"""The server's own sign-in and sign-out routes, mounted beside Streamlit by `st.App`.

Streamlit's script talks to the browser over a WebSocket and cannot set an HttpOnly cookie;
these routes are plain HTTP, so they can: `GET /auth/sign-in` serves a small form (no script,
nothing from elsewhere), `POST /auth/sign-in` checks it and sets the session cookie
(HttpOnly, SameSite=Strict, Path=/, Secure behind HTTPS), `GET /auth/sign-out` asks to confirm
and `POST /auth/sign-out` ends the session on the server and clears the cookie.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from dashboard.access import audit, oidc_web, settings
from dashboard.access.accounts import REFUSED, SignInRefused, authenticate
from dashboard.access.demo_accounts import is_demo_account_out_of_place
from dashboard.access.html_page import SECURITY_HEADERS, page
from dashboard.access.sessions import COOKIE_NAME, create_session, end_session, session_for
from dashboard.access.store import open_store
from dashboard.snapshots import default_data_dir

SIGN_IN_PATH = "/auth/sign-in"
RETURN_FIELD = "next"  # where to go once signed in: the page (and parameters) first asked for
MAX_RETURN_CHARS = 2_000  # a page path and its parameters; longer is not ours
# A path of this app: one slash, then letters, digits and - _ . / only (no "//host", no "\\").
_RETURN_PATH = re.compile(r"^/(?![/\\])[A-Za-z0-9_\-./]*$")
MAX_FORM_BYTES = 64 * 1024  # a name and a password; a 10,000-character password still fits


def _provider_link() -> str:
    """ "Sign in with <provider>" beside the form, when an identity provider is configured."""
    config = oidc_web.active_config()
    if config is None:
        return ""
    label = html.escape(config.label)
    return (
        f'<p><a class="provider" href="{oidc_web.START_PATH}">使用 {label} 登录 · '
        f"Sign in with {label}</a></p>"
    )


def safe_return(wanted: str | None) -> str:
    """Where a signed-in user is sent: `wanted` when it is a path of this app, else "/".

    Only a path (and its query) on this host: no scheme, no host, no "//", no backslash, no
    line break, nothing under /auth/ (no loop back to the form). An open redirect would let a
    link to our sign-in page send a user, just signed in, to a look-alike site.

    >>> safe_return("/household?household=H1&lang=en"), safe_return("//evil.example/")
    ('/household?household=H1&lang=en', '/')
    """
    if not wanted or len(wanted) > MAX_RETURN_CHARS or any(c in wanted for c in "\r\n\\"):
        return "/"
    parts = urlsplit(wanted)
    if parts.scheme or parts.netloc or parts.fragment or not _RETURN_PATH.match(parts.path):
        return "/"
    if parts.path.startswith("/auth/") or parts.path == "/auth":
        return "/"
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def sign_in_url(page_path: str, parameters: dict[str, str]) -> str:
    """The sign-in form's address that returns to `/<page_path>?<parameters>` once signed in.

    >>> sign_in_url("household", {"household": "H1"})
    '/auth/sign-in?next=%2Fhousehold%3Fhousehold%3DH1'
    """
    target = "/" + page_path.strip("/")
    if parameters:
        target += "?" + urlencode(parameters)
    target = safe_return(target)
    return SIGN_IN_PATH if target == "/" else f"{SIGN_IN_PATH}?{urlencode({RETURN_FIELD: target})}"


def _sign_in_form(message: str = "", return_to: str = "/") -> str:
    error = f'<p class="error" role="alert">{html.escape(message)}</p>' if message else ""
    return_field = (
        f'<input type="hidden" name="{RETURN_FIELD}" value="{html.escape(return_to)}">'
        if return_to != "/"
        else ""
    )
    return f"""<h1>脱贫攻坚看板 · 登录<br><small>Tuopin · sign in</small></h1>{error}
<form method="post" action="/auth/sign-in">{return_field}
<label for="name">用户名 User name</label>
<input id="name" name="name" autocomplete="username" required maxlength="200">
<label for="password">密码 Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">登录 Sign in</button>
</form>
{_provider_link()}
<p class="note">连续 {settings.lockout_failures()} 次失败后需等待
{settings.lockout_seconds() / 60:g} 分钟。After {settings.lockout_failures()} failures,
wait {settings.lockout_seconds() / 60:g} minutes.</p>"""


def _data_dir() -> Path:
    return default_data_dir().resolve()


def _address(request: Request) -> str:
    return request.client.host if request.client else ""


def _same_origin(request: Request) -> bool:
    """A POST from our own pages: its Origin (when the browser sends one) is this host."""
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return origin is None
    host = request.headers.get("host", "")
    return origin.split("://", 1)[-1] == host


async def _form(request: Request) -> dict[str, str] | None:
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            return None
    fields = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
    return {key: values[0] for key, values in fields.items()}


def _secure(request: Request) -> bool:
    forwarded = request.headers.get("x-forwarded-proto", "")
    return request.url.scheme == "https" or forwarded == "https"


async def sign_in_page(request: Request) -> Response:
    return_to = safe_return(request.query_params.get(RETURN_FIELD))
    return page("登录 Sign in", _sign_in_form(return_to=return_to))


async def sign_in(request: Request) -> Response:
    if not _same_origin(request):
        return page(
            "登录 Sign in",
            _sign_in_form("请从本站的登录页登录。Sign in from this site's own page."),
            403,
        )
    form = await _form(request)
    if form is None:
        return page(
            "登录 Sign in", _sign_in_form("提交的内容太长。The form sent was too long."), 413
        )
    return_to = safe_return(form.get(RETURN_FIELD))
    store = open_store(_data_dir())
    try:
        if is_demo_account_out_of_place(_data_dir(), form.get("name", "")):
            # A demo password was printed on a terminal: it never opens imported data.
            audit.record(
                store,
                form.get("name", "")[:64],
                "sign_in.failure",
                reason="demo account on data that is not the demo",
                address=_address(request),
            )
            raise REFUSED
        user = authenticate(
            store, form.get("name", ""), form.get("password", ""), address=_address(request)
        )
    except SignInRefused as refused:
        message = f"{refused.message_zh} {refused.message_en}"
        return page("登录 Sign in", _sign_in_form(message, return_to), 401)
    token = create_session(store, user, address=_address(request))
    response = RedirectResponse(return_to, status_code=303, headers=SECURITY_HEADERS)
    response.set_cookie(
        COOKIE_NAME,
        token,
        httponly=True,
        samesite="strict",
        secure=_secure(request),
        path="/",
        # A session cookie (no Max-Age): closing the browser forgets it; the server's idle
        # and absolute timeouts end the session itself.
    )
    return response


async def sign_out_page(request: Request) -> Response:
    body = """<h1>退出登录 · Sign out</h1>
<form method="post" action="/auth/sign-out"><button type="submit">退出 Sign out</button></form>"""
    return page("退出登录 Sign out", body)


async def sign_out(request: Request) -> Response:
    if not _same_origin(request):
        return page("退出登录 Sign out", "<p>请从本站退出。Sign out from this site.</p>", 403)
    store = open_store(_data_dir())
    token = request.cookies.get(COOKIE_NAME)
    session = session_for(store, token)
    if session is not None and end_session(store, token):
        audit.record(store, session.user.name, "sign_out", address=_address(request))
    response = page(
        "已退出 Signed out",
        '<h1>已退出登录 · Signed out</h1><p><a href="/auth/sign-in">重新登录 Sign in again</a></p>',
    )
    response.delete_cookie(COOKIE_NAME, path="/", httponly=True, samesite="strict")
    oidc_web.streamlit_cookie_deletions(request, response)  # st.user signed out as well
    return response


ROUTES = [
    Route("/auth/sign-in", sign_in_page, methods=["GET"]),
    Route("/auth/sign-in", sign_in, methods=["POST"]),
    Route("/auth/sign-out", sign_out_page, methods=["GET"]),
    Route("/auth/sign-out", sign_out, methods=["POST"]),
]
