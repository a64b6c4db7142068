"""How the command line fails: one clear line on stderr and a non-zero exit, never a traceback.

``CliGroup`` is the class of the ``facecompare`` group: a usage error (a missing argument, a
bad option value, a path that does not exist) exits 2 and anything a command did not expect
exits 1, each as one line naming the command. ``FACECOMPARE_DEBUG=1`` re-raises the
unexpected ones with their traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperGroup

try:  # typer >= 0.29 carries its own click, whose exceptions derive from TyperException
    from typer import TyperException as _ClickError
except ImportError:  # pragma: no cover - older typer on click
    from click import ClickException as _ClickError  # type: ignore[assignment]

DEBUG_ENV = "FACECOMPARE_DEBUG"


def one_line(text: str) -> str:
    """``text`` with every run of whitespace (newlines too) made one space."""
    return " ".join(str(text).split())


def print_error(text: str, *, label: str = "error") -> None:
    """``label: text`` as exactly one line on stderr (red on a terminal, never wrapped)."""
    console = Console(stderr=True, soft_wrap=True, highlight=False)
    console.print(f"[red]{escape(label)}:[/red] {escape(one_line(text))}")


def fail(text: str, code: int = 1, *, label: str = "error") -> typer.Exit:
    """Print ``text`` as one error line and return the ``typer.Exit`` to raise."""
    print_error(text, label=label)
    return typer.Exit(code=code)


class CliGroup(TyperGroup):
    """The ``facecompare`` group: every error it lets out is one line on stderr."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except _ClickError as exc:
            if type(exc).__name__ == "NoArgsIsHelpError":  # the help, already printed by rich
                if exc.format_message().strip():
                    typer.echo(exc.format_message())
                sys.exit(exc.exit_code)
            ctx = getattr(exc, "ctx", None)
            where = ctx.command_path if ctx is not None else prog_name or "facecompare"
            hint = f" (see {where} --help)" if ctx is not None else ""
            message = exc.format_message().replace("Value error, ", "")  # typer's validation prefix
            print_error(f"{message}{hint}", label=f"{where}: error")
            sys.exit(exc.exit_code)
        except typer.Abort:
            print_error("aborted")
            sys.exit(1)
        except KeyboardInterrupt:
            print_error("interrupted")
            sys.exit(130)
        except Exception as exc:
            if os.environ.get(DEBUG_ENV):
                raise
            print_error(
                f"{type(exc).__name__}: {exc} ({DEBUG_ENV}=1 shows the traceback)", label="internal error"
            )
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)
