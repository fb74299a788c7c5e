"""The one HTML page of the sign-in routes: the password form (`routes.py`) and the identity
provider's refusal (`oidc_web.py`) look the same and carry the same security headers.

Its own module, below both, so neither route module imports the other for it.
"""

from __future__ import annotations

import html

from starlette.responses import HTMLResponse

SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
    "form-action 'self'; frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",  # no-referrer makes Chromium send Origin: null
}

_PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: sans-serif; background: #F5F3EF; color: #262730; margin: 0; }}
main {{ max-width: 24rem; margin: 12vh auto; background: #fff; padding: 2rem;
        border-top: 4px solid #C8102E; border-radius: 4px; }}
h1 {{ font-size: 1.3rem; margin-top: 0; }}
label {{ display: block; margin: 1rem 0 .3rem; }}
input {{ width: 100%; box-sizing: border-box; padding: .5rem; font-size: 1rem; }}
button {{ margin-top: 1.5rem; width: 100%; padding: .6rem; font-size: 1rem; color: #fff;
          background: #C8102E; border: 0; border-radius: 4px; cursor: pointer; }}
.error {{ color: #C8102E; background: #FDECEE; padding: .6rem; border-radius: 4px; }}
.note {{ color: #666; font-size: .85rem; }}
a.provider {{ display: block; text-align: center; margin-top: 1rem; padding: .6rem;
              border: 1px solid #C8102E; border-radius: 4px; color: #C8102E; }}
</style></head><body><main>{body}</main></body></html>"""


def page(title: str, body: str, status: int = 200) -> HTMLResponse:
    """`body` (HTML written by the routes) in the page, `title` escaped, no caching, no framing."""
    return HTMLResponse(
        _PAGE.format(title=html.escape(title), body=body),
        status_code=status,
        headers=SECURITY_HEADERS,
    )
