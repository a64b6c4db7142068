"""Acting as a person at the command line: their password from the environment or a prompt.

Nothing secret is ever an argument (``ps`` shows every argument to every user of the machine).
A wrong or missing password is refused with exit 2 and the store audits the failed sign-in.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

import typer

from app.cli.errors import fail

if TYPE_CHECKING:
    from app.cases import Role, SqlCaseStore, User

PASSWORD_ENV = "FACECOMPARE_PASSWORD"  # the password of the person a command acts as
ADMIN_PASSWORD_ENV = "FACECOMPARE_ADMIN_PASSWORD"  # the admin's, for `audit add-user --as`
NEW_PASSWORD_ENV = "FACECOMPARE_NEW_PASSWORD"  # the new user's, for `audit add-user`
SECRET_ENV = "FACECOMPARE_SECRET"  # X-EKYC-SECRET of a server, for `compare --server`
REFUSED = 2  # the exit code of a refused sign-in (a usage error's, as for a missing option)


def read_secret(env: str, prompt: str, *, confirm: bool = False) -> str:
    """``env``'s value, else typed at a hidden prompt (or the next line of a pipe, twice when
    ``confirm``); "" when nothing can be read or the two lines differ."""
    value = os.environ.get(env)
    if value:
        return value
    if not sys.stdin.isatty():  # a pipe or nothing: no terminal to hide the typing on
        first = sys.stdin.readline().rstrip("\r\n")
        if confirm and sys.stdin.readline().rstrip("\r\n") != first:
            return ""
        return first
    try:
        text = typer.prompt(
            prompt, hide_input=True, confirmation_prompt=confirm, default="", show_default=False
        )
    except (typer.Abort, EOFError):
        return ""
    return str(text)


def sign_in(
    store: SqlCaseStore, username: str, *, env: str = PASSWORD_ENV, roles: frozenset[Role] | None = None
) -> User:
    """``username`` signed in with the password of ``env`` or the prompt (the attempt audited by the
    store); exit 2 when it is wrong, missing, the account is locked, or the role may not act."""
    from app.cases import CaseError

    password = read_secret(env, f"password of {username}")
    try:
        user = store.authenticate(username, password)
    except CaseError as exc:  # the directory cannot be reached
        raise fail(f"{username!r} could not sign in: {exc}", REFUSED) from None
    if user is None:
        raise fail(
            f"{username!r} could not sign in: wrong or missing password ({env} or the prompt), "
            "or the account is locked; the attempt is in the audit log",
            REFUSED,
        )
    if roles is not None and user.role not in roles:
        allowed = " or ".join(sorted(r.value for r in roles))
        raise fail(f"{username!r} is a {user.role.value}: only an {allowed} may do this", REFUSED)
    return user


def refuse_argument(value: str | None, option: str, env: str) -> None:
    """Exit 2 when a secret was given as the argument ``option`` (it shows in the process list)."""
    if value is not None:
        raise fail(
            f"{option} on the command line shows in the process list: set {env} or answer the prompt",
            REFUSED,
        )
