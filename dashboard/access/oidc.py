"""Sign-in through the organisation's identity provider (OpenID Connect, Streamlit's `st.login`).

Configured by one file in the instance folder, `oidc.toml` (`$TUOPIN_OIDC_CONFIG` names
another): the provider's discovery URL, this server's client id and secret and its
`redirect_uri`. Without that file nothing here is active. From it `streamlit_secrets` builds
Streamlit's `[auth]` section, handed to `st.App(secrets=...)`, so no `.streamlit/secrets.toml`
is written by hand; the cookie secret Streamlit signs its identity cookie with is generated
once into the instance folder unless the file names one.

Who the provider's user is *here* (roles, area, helper) is decided by `resolve`, a pure
function of the ID token's claims, the configuration and the mapping file (`oidc-users.toml`
beside it): a mapping entry (by subject, or by a verified e-mail) wins; else the claims the
configuration names; else the user is refused. Default deny: no entry, no claim, an unknown
role or a bad area all refuse, with a reason for the audit log.
"""

from __future__ import annotations

import os
import re
import secrets as random_secrets
import tomllib
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

from dashboard.access.accounts import ACCOUNT_PREFIX
from dashboard.access.roles import ROLE_LABELS, check_area, check_roles
from dashboard.errors import TuopinError
from dashboard.settings import environment

CONFIG_FILE = "oidc.toml"
MAPPING_FILE = "oidc-users.toml"
COOKIE_SECRET_FILE = "oidc-cookie-secret"
COOKIE_SECRET_BYTES = 32  # Streamlit signs its identity cookie with it (joserfc wants >= 14)
MAX_NAME_LENGTH = 64  # a name claim longer than this is cut, as a sign-in name is
SAFE_NAME = re.compile(r"[^\w.@-]+")  # \w is Unicode: Chinese names stay whole
DEFAULT_SCOPE = "openid profile email"
# "login" makes the provider ask again after our sign-out, instead of signing the same person
# straight back in (Streamlit's default is "select_account").
DEFAULT_PROMPT = "login"
REQUIRED_KEYS = ("server_metadata_url", "client_id", "client_secret", "redirect_uri")

# Role values a provider may send: our names, or the Chinese labels of the issue.
ROLE_ALIASES = {label_zh: role for role, (label_zh, _en) in ROLE_LABELS.items()}


class OidcConfigError(TuopinError):
    """`oidc.toml` or the mapping file cannot be used."""


@dataclass(frozen=True)
class ClaimNames:
    """Which ID-token claims carry the role(s), area, helper and the shown name."""

    roles: str | None = None
    area: str | None = None
    helper_id: str | None = None
    user_name: str = "preferred_username"


@dataclass(frozen=True)
class MappingEntry:
    """One line of the mapping file: a provider user (subject or e-mail) → roles and area."""

    roles: tuple[str, ...]
    area: str
    subject: str | None = None
    email: str | None = None
    helper_id: str | None = None
    name: str | None = None


@dataclass(frozen=True)
class OidcConfig:
    provider: str  # Streamlit's provider name: letters and digits (st.login refuses '_')
    label: str  # what the button calls the provider
    server_metadata_url: str
    client_id: str
    client_secret: str
    redirect_uri: str
    cookie_secret: str
    scope: str = DEFAULT_SCOPE
    prompt: str = DEFAULT_PROMPT
    claims: ClaimNames = field(default_factory=ClaimNames)
    mapping: tuple[MappingEntry, ...] = ()
    mapping_path: Path | None = None  # read again at every sign-in: no restart for a new user


@dataclass(frozen=True)
class Resolved:
    """A provider user let in: the account name and what it may see."""

    subject: str
    name: str
    roles: tuple[str, ...]
    area: str
    helper_id: str | None
    source: str  # "mapping" or "claims"


@dataclass(frozen=True)
class Refused:
    """A provider user not let in; `reason` goes to the audit log only."""

    subject: str
    name: str
    reason: str


def config_path(instance: Path) -> Path:
    configured = environment("TUOPIN_OIDC_CONFIG")
    return Path(configured) if configured else Path(instance) / CONFIG_FILE


def _error(what: str, path: Path) -> OidcConfigError:
    """`what` is "中文 / English": each message gets its own half."""
    zh, _, en = what.partition(" / ")
    return OidcConfigError(
        f"身份认证配置 {path} 有误：{zh}", f"The OIDC settings {path}: {en or zh}"
    )


def _cookie_secret(instance: Path) -> str:
    """The cookie secret kept in the instance folder, made (owner-only) the first time."""
    path = Path(instance) / COOKIE_SECRET_FILE
    if not path.exists():
        Path(instance).mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(random_secrets.token_urlsafe(COOKIE_SECRET_BYTES))
    return path.read_text(encoding="ascii").strip()


def _text(value, what: str, path: Path) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str | int):
        raise _error(f"{what} 应是文字 / {what} must be text", path)
    return str(value).strip()


def _roles_of(value) -> tuple[str, ...]:
    """Roles from a claim or an entry: a list, or one string split on commas or spaces."""
    if value is None:
        return ()
    items = value if isinstance(value, list | tuple) else str(value).replace(",", " ").split()
    return tuple(ROLE_ALIASES.get(str(item).strip(), str(item).strip().lower()) for item in items)


def read_mapping(path: Path) -> tuple[MappingEntry, ...]:
    """The mapping file's `[[user]]` entries; each names a subject or an e-mail."""
    if not path.is_file():
        return ()
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise _error(f"不是有效的 TOML（{error}） / not valid TOML ({error})", path) from None
    entries = []
    for number, item in enumerate(document.get("user", []), start=1):
        if not isinstance(item, dict):
            raise _error(f"第 {number} 个 [[user]] 不是表 / entry {number} is not a table", path)
        subject = _text(item.get("subject"), "subject", path)
        email = _text(item.get("email"), "email", path)
        if not subject and not email:
            raise _error(
                f"第 {number} 个 [[user]] 要有 subject 或 email / entry {number} needs a "
                "subject or an email",
                path,
            )
        entries.append(
            MappingEntry(
                roles=_roles_of(item.get("roles", item.get("role"))),
                area=_text(item.get("area"), "area", path) or "",
                subject=subject or None,
                email=email.casefold() if email else None,
                helper_id=_text(item.get("helper_id"), "helper_id", path) or None,
                name=_text(item.get("name"), "name", path) or None,
            )
        )
    return tuple(entries)


def load_config(instance: Path) -> OidcConfig | None:
    """The identity provider's settings of an instance folder; None when not configured."""
    path = config_path(instance)
    if not path.is_file():
        return None
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise _error(f"不是有效的 TOML（{error}） / not valid TOML ({error})", path) from None
    missing = [key for key in REQUIRED_KEYS if not document.get(key)]
    if missing:
        raise _error(f"缺少 {'、'.join(missing)} / missing {', '.join(missing)}", path)
    provider = str(document.get("provider", "intranet"))
    if not provider.isascii() or not provider.isalnum():
        raise _error(
            f"provider 只能用字母和数字：{provider!r} / provider must be letters and digits: {provider!r}",
            path,
        )
    if not str(document["redirect_uri"]).endswith("/oauth2callback"):
        raise _error(
            "redirect_uri 要以 /oauth2callback 结尾 / redirect_uri must end with /oauth2callback",
            path,
        )
    claims = document.get("claims", {})
    mapping_path = Path(instance) / str(document.get("mapping_file", MAPPING_FILE))
    return OidcConfig(
        provider=provider,
        label=str(document.get("label", provider)),
        server_metadata_url=str(document["server_metadata_url"]),
        client_id=str(document["client_id"]),
        client_secret=str(document["client_secret"]),
        redirect_uri=str(document["redirect_uri"]),
        cookie_secret=str(document.get("cookie_secret") or _cookie_secret(instance)),
        scope=str(document.get("scope", DEFAULT_SCOPE)),
        prompt=str(document.get("prompt", DEFAULT_PROMPT)),
        claims=ClaimNames(
            roles=claims.get("roles"),
            area=claims.get("area"),
            helper_id=claims.get("helper_id"),
            user_name=claims.get("user_name", "preferred_username"),
        ),
        mapping=read_mapping(mapping_path),
        mapping_path=mapping_path,
    )


def with_current_mapping(config: OidcConfig) -> OidcConfig:
    """The settings with the mapping file as it is now (an administrator may have added a user)."""
    if config.mapping_path is None:
        return config
    return replace(config, mapping=read_mapping(config.mapping_path))


def streamlit_secrets(config: OidcConfig) -> dict:
    """Streamlit's `[auth]` section for `st.App(secrets=...)`: what `st.login` reads."""
    return {
        "auth": {
            "redirect_uri": config.redirect_uri,
            "cookie_secret": config.cookie_secret,
            config.provider: {
                "client_id": config.client_id,
                "client_secret": config.client_secret,
                "server_metadata_url": config.server_metadata_url,
                "client_kwargs": {"scope": config.scope, "prompt": config.prompt},
            },
        }
    }


def _claim_text(claims: dict, name: str | None) -> str | None:
    if not name or name not in claims or claims[name] is None:
        return None
    return str(claims[name]).strip()


def _shown_name(claims: dict, config: OidcConfig, entry: MappingEntry | None) -> str:
    """The account's name here: `oidc:` and the entry's name, the name claim, e-mail or sub."""
    base = (
        (entry.name if entry else None)
        or _claim_text(claims, config.claims.user_name)
        or _claim_text(claims, "email")
        or str(claims.get("sub", ""))
    )
    # Letters, digits, '.', '@', '-' and '_' only: the name is shown in Markdown (the sidebar)
    # and in the audit log, and a provider's claim is not ours to trust with markup.
    cleaned = SAFE_NAME.sub("_", unicodedata.normalize("NFKC", base)).strip("_")
    return ACCOUNT_PREFIX + (cleaned or "unnamed")[:MAX_NAME_LENGTH]


def _matching_entry(claims: dict, mapping: tuple[MappingEntry, ...]) -> MappingEntry | None:
    subject = str(claims.get("sub", ""))
    for entry in mapping:
        if entry.subject and entry.subject == subject:
            return entry
    email = _claim_text(claims, "email")
    # An address the provider says it has not verified is not proof of who this is.
    if email and claims.get("email_verified") is not False:
        for entry in mapping:
            if entry.email and entry.email == email.casefold():
                return entry
    return None


def resolve(claims: dict, config: OidcConfig) -> Resolved | Refused:
    """Who a provider's user is here, from the mapping file or the claims; else refused.

    >>> resolve({"sub": "u1", "tuopin_roles": "leader", "tuopin_area": "341182"}, config)
    Resolved(subject='u1', name='oidc:u1', roles=('leader',), area='341182', ...)
    """
    subject = str(claims.get("sub") or "")
    entry = _matching_entry(claims, config.mapping) if subject else None
    name = _shown_name(claims, config, entry)
    if not subject:
        return Refused(subject, name, "no subject in the ID token")
    if entry is not None:
        roles, area, helper_id, source = entry.roles, entry.area, entry.helper_id, "mapping"
    elif config.claims.roles and config.claims.roles in claims:
        roles = _roles_of(claims[config.claims.roles])
        area = _claim_text(claims, config.claims.area)
        if area is None:
            return Refused(subject, name, f"no area claim ({config.claims.area})")
        helper_id, source = _claim_text(claims, config.claims.helper_id) or None, "claims"
    else:
        return Refused(subject, name, "no mapping entry and no role claim")
    try:
        roles = check_roles(roles)
        area = check_area(area)
    except ValueError as error:
        return Refused(subject, name, f"{source}: {error}")
    if "helper" in roles and not helper_id:
        return Refused(subject, name, f"{source}: a helper without helper_id")
    return Resolved(subject, name, roles, area, helper_id, source)
