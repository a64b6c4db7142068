"""Sign-in against the bank's directory (LDAP, Active Directory) with ``ldap3``.

A person is who the directory says after a simple bind with their own password, and their role
is the highest of the application's roles whose mapped groups list them; in no mapped group, they
do not sign in. Two ways to find the person's entry: search with a service account (``bind_dn``,
``user_base``, ``user_filter``), or bind straight to ``user_dn_template`` (no service account).

Guards: an empty password, or one that SASLprep maps to nothing, is refused before any bind (a
directory answers a name with an empty password with success, as anonymous), and a bind that
leaves the connection anonymous is refused too; the username is escaped wherever it enters a
filter or a DN; the name returned is the directory's (``ALICE`` signs in as ``alice``); plain LDAP
without StartTLS is refused unless ``allow_plaintext``; referrals are not chased (they would
carry the password elsewhere); every network step has ``timeout_s``; no password is logged.

Settings come from ``FACECOMPARE_LDAP_*`` (``docs/directory.md``).
"""

from __future__ import annotations

import logging
import ssl
from pathlib import Path
from typing import Annotated, Any

from ldap3 import BASE, NONE, SIMPLE, SUBTREE, Connection, Server, Tls
from ldap3.core.exceptions import LDAPException
from ldap3.protocol.sasl.sasl import sasl_prep
from ldap3.utils.conv import escape_filter_chars
from ldap3.utils.dn import escape_rdn, to_dn
from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from app.cases.errors import CaseError
from app.cases.models import Role

#: the roles in the order they are tried: the first mapped group that lists the person wins
_ROLES_HIGHEST_FIRST = (Role.ADMIN, Role.REVIEWER, Role.OPERATOR)
_MAX_USERNAME = 256
_NO_SUCH_OBJECT = 32
log = logging.getLogger(__name__)


class DirectoryUnavailable(CaseError):
    """The directory could not be asked (down, hung, TLS refused, service account refused)."""


GroupList = Annotated[list[str], NoDecode]


class DirectorySettings(BaseSettings):
    """Where the directory is and how its people and groups map to this application's roles."""

    model_config = SettingsConfigDict(env_prefix="FACECOMPARE_LDAP_", extra="ignore")

    #: ``ldaps://dc.bank.example`` or ``ldap://…`` (then ``start_tls``); empty = no directory
    url: str = ""
    start_tls: bool = False
    #: PEM file of the CA that signed the directory's certificate (else the system's trust store)
    ca_file: Path | None = None
    #: plain ``ldap://`` without StartTLS sends passwords readable on the wire: refused unless set
    allow_plaintext: bool = False
    #: bind straight to this DN (``uid={username},ou=people,dc=bank,dc=example``, or AD's
    #: ``{username}@bank.example``); the username is escaped before it is put in
    user_dn_template: str = ""
    #: where people are searched (search mode; or, with a UPN template, where the entry is found)
    user_base: str = ""
    #: the person's entry; ``{username}`` is escaped. AD: ``(&(sAMAccountName={username})
    #: (objectCategory=person)(!(userAccountControl:1.2.840.113556.1.4.803:=2)))``
    user_filter: str = "(uid={username})"
    #: the attribute holding the name a person signs in with (AD: ``sAMAccountName``); it must
    #: hold one value (a person with two is refused: they could act under either name)
    username_attribute: str = "uid"
    #: the service account that searches (search mode; read-only rights suffice)
    bind_dn: str = ""
    bind_password: SecretStr = Field(default=SecretStr(""), repr=False)
    #: asked of each mapped group's entry; ``{user_dn}`` and ``{username}`` are escaped.
    #: AD with nested groups: ``(member:1.2.840.113556.1.4.1941:={user_dn})``
    group_filter: str = "(|(member={user_dn})(uniqueMember={user_dn}))"
    #: group DNs per role, separated by ``;`` (DNs contain commas)
    admin_groups: GroupList = Field(default_factory=list)
    reviewer_groups: GroupList = Field(default_factory=list)
    operator_groups: GroupList = Field(default_factory=list)
    #: whole seconds for the connection and for each answer
    timeout_s: int = Field(default=5, ge=1)

    @field_validator("admin_groups", "reviewer_groups", "operator_groups", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        if isinstance(value, str):
            return [dn.strip() for dn in value.split(";") if dn.strip()]
        return value

    @model_validator(mode="after")
    def _coherent(self) -> DirectorySettings:
        if not self.url:
            return self
        scheme = self.url.split("://", 1)[0].lower()
        if scheme not in ("ldap", "ldaps"):
            raise ValueError(f"FACECOMPARE_LDAP_URL must be ldaps:// or ldap://, not {self.url!r}")
        if scheme == "ldaps" and self.start_tls:
            raise ValueError("ldaps:// is TLS already: leave FACECOMPARE_LDAP_START_TLS unset")
        if scheme == "ldap" and not self.start_tls and not self.allow_plaintext:
            raise ValueError(
                "plain ldap:// would send passwords readable on the wire: use ldaps://, or "
                "StartTLS (FACECOMPARE_LDAP_START_TLS=1), or set FACECOMPARE_LDAP_ALLOW_PLAINTEXT=1"
            )
        if not self.user_dn_template and not (self.bind_dn and self.user_base):
            raise ValueError(
                "set FACECOMPARE_LDAP_USER_DN_TEMPLATE, or FACECOMPARE_LDAP_BIND_DN with "
                "FACECOMPARE_LDAP_USER_BASE (search with a service account)"
            )
        for name, text in (("user_dn_template", self.user_dn_template), ("user_filter", self.user_filter)):
            if text and "{username}" not in text:
                raise ValueError(f"FACECOMPARE_LDAP_{name.upper()} must contain {{username}}")
        if not (self.admin_groups or self.reviewer_groups or self.operator_groups):
            raise ValueError("map at least one directory group to a role (FACECOMPARE_LDAP_*_GROUPS)")
        return self

    def groups(self, role: Role) -> list[str]:
        return {
            Role.ADMIN: self.admin_groups,
            Role.REVIEWER: self.reviewer_groups,
            Role.OPERATOR: self.operator_groups,
        }[role]


def _usable_password(password: str) -> bool:
    """False when the bind would be unauthenticated: empty, or empty once SASLprep (RFC 4013,
    which ldap3 applies before sending) has mapped soft hyphens, zero-width spaces… to nothing."""
    if not password:
        return False
    try:
        return bool(sasl_prep(password))
    except LDAPException:  # prohibited characters: no such password can be sent
        return False


def _same_entry(identity: str, dn: str) -> bool:
    """Whether the bound ``identity`` (Who am I?) is the entry found: a ``dn:`` answer must name
    it (AD answers ``u:DOMAIN\\name``, which cannot be compared, and the bind was to that name)."""
    if not identity.startswith("dn:"):
        return True
    return _normal(identity[3:]) == _normal(dn)


def _normal(dn: str) -> str:
    return ",".join(part.strip().casefold() for part in to_dn(dn, remove_space=True))


def _usable_username(username: str) -> bool:
    return 0 < len(username) <= _MAX_USERNAME and username.isprintable()


class Directory:
    """The bank's directory: ``authenticate(username, password)`` gives (name, role) or None."""

    def __init__(self, settings: DirectorySettings) -> None:
        if not settings.url:
            raise ValueError("no directory configured (FACECOMPARE_LDAP_URL)")
        self.settings = settings

    def __repr__(self) -> str:
        return f"Directory({self.settings.url!r})"

    # ---- the one question ----------------------------------------------------------------

    def authenticate(self, username: str, password: str) -> tuple[str, Role] | None:
        """The person's name as the directory spells it and their role, or None when the password
        is wrong, the person unknown, filtered out, or in no mapped group.

        Raises ``DirectoryUnavailable`` when the directory cannot be asked.
        """
        if not _usable_username(username) or not _usable_password(password):
            return None
        try:
            return self._authenticate(username, password)
        except LDAPException as e:
            raise DirectoryUnavailable(self._why(e)) from None

    def _authenticate(self, username: str, password: str) -> tuple[str, Role] | None:
        s = self.settings
        service = self._bind_service() if s.bind_dn else None
        person: Connection | None = None
        try:
            if s.user_dn_template:
                dn = s.user_dn_template.replace("{username}", escape_rdn(username))
                bound = self._bind(dn, password)
                if bound is None:
                    return None
                person, identity = bound
                base, scope = (s.user_base, SUBTREE) if s.user_base else (dn, BASE)
                found = self._find(service or person, base, scope, username)
            else:  # search mode: the settings insist on a service account
                found = self._find(service, s.user_base, SUBTREE, username)
                if found is None:
                    return None
                bound = self._bind(found[0], password)
                if bound is None:
                    return None
                person, identity = bound
            # the person who bound must be the entry whose name and groups count
            if found is None or not _same_entry(identity, found[0]):
                return None
            dn, name = found
            role = self._role(service or person, dn, name)
            return None if role is None else (name, role)
        finally:
            for conn in (person, service):
                if conn is not None:
                    conn.unbind()

    # ---- steps ---------------------------------------------------------------------------

    def _server(self) -> Server:
        s = self.settings
        tls = Tls(
            validate=ssl.CERT_REQUIRED,
            version=ssl.PROTOCOL_TLS_CLIENT,
            ca_certs_file=str(s.ca_file) if s.ca_file else None,
        )
        return Server(s.url, connect_timeout=s.timeout_s, get_info=NONE, tls=tls)

    def _connect(self, user: str, password: str) -> Connection:
        conn = Connection(
            self._server(),
            user=user,
            password=password,
            authentication=SIMPLE,
            auto_referrals=False,
            receive_timeout=self.settings.timeout_s,
            raise_exceptions=False,
            read_only=True,
        )
        conn.open()
        if self.settings.start_tls:
            try:
                conn.start_tls()
            except LDAPException:
                conn.unbind()
                raise
        return conn

    def _bind(self, dn: str, password: str) -> tuple[Connection, str] | None:
        """A connection bound as ``dn`` and who the directory says it is, or None when the
        directory refuses the password or the bind left the connection anonymous."""
        conn = self._connect(dn, password)
        if not conn.bind():
            conn.unbind()
            return None
        identity = conn.extend.standard.who_am_i() or ""
        if conn.result.get("result") != 0:
            conn.unbind()
            raise DirectoryUnavailable(
                f"directory {self.settings.url} does not answer Who am I? (RFC 4532), which sign-in "
                "needs to tell a person's bind from an anonymous one"
            )
        if identity.split(":", 1)[-1] == "":  # "" or "dn:" or "u:": anonymous
            conn.unbind()
            return None
        return conn, identity

    def _bind_service(self) -> Connection:
        s = self.settings
        bound = self._bind(s.bind_dn, s.bind_password.get_secret_value())
        if bound is None:
            raise DirectoryUnavailable(
                f"directory {s.url}: the service account {s.bind_dn!r} was refused "
                "(FACECOMPARE_LDAP_BIND_DN / FACECOMPARE_LDAP_BIND_PASSWORD)"
            )
        return bound[0]

    def _find(self, conn: Connection, base: str, scope: str, username: str) -> tuple[str, str] | None:
        """The one entry ``user_filter`` finds for ``username`` under ``base``: (DN, name)."""
        s = self.settings
        query = s.user_filter.replace("{username}", escape_filter_chars(username))
        conn.search(base, query, search_scope=scope, attributes=[s.username_attribute], size_limit=2)
        entries = [e for e in conn.response or [] if e.get("type") == "searchResEntry"]
        if len(entries) != 1:
            return None
        values: Any = entries[0]["attributes"].get(s.username_attribute)
        values = values if isinstance(values, list) else [values]
        # one name per person: with two, the same person could act under either (four eyes)
        if len(values) != 1 or not isinstance(values[0], str) or not values[0]:
            return None
        return str(entries[0]["dn"]), values[0]

    def _role(self, conn: Connection, dn: str, name: str) -> Role | None:
        """The highest role one of whose mapped groups lists the person (asked of each group)."""
        s = self.settings
        query = s.group_filter.replace("{user_dn}", escape_filter_chars(dn)).replace(
            "{username}", escape_filter_chars(name)
        )
        for role in _ROLES_HIGHEST_FIRST:
            for group in s.groups(role):
                if conn.search(group, query, search_scope=BASE, attributes=[]) and conn.entries:
                    return role
                if conn.result.get("result") == _NO_SUCH_OBJECT:
                    log.warning("the mapped %s group %r is not in the directory", role.value, group)
        return None

    def _why(self, e: Exception) -> str:
        return f"directory {self.settings.url} cannot be asked: {type(e).__name__}: {e}"


def configured_directory() -> Directory | None:
    """The directory ``FACECOMPARE_LDAP_*`` configures, or None (local accounts only)."""
    settings = DirectorySettings()
    return Directory(settings) if settings.url else None
