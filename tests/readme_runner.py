"""How ``tests/test_readme.py`` reads README.md's ```sh blocks and runs their lines.

Every line runs from the repository root in its own ``sh -c`` process group (so a timeout or a
stop reaches the whole tree it started), on a scratch home (:func:`scratch_env`).
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: what a fresh shell on a new machine does not have (the suite may run under make, in a desktop)
NOT_INHERITED = {
    "DISPLAY", "WAYLAND_DISPLAY", "XAUTHORITY", "DBUS_SESSION_BUS_ADDRESS",
    "MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "PROMETHEUS_MULTIPROC_DIR",
}  # fmt: skip


@dataclass(frozen=True)
class Line:
    """One command of a ```sh block: its block number, README line number and text."""

    block: int
    lineno: int
    text: str


def strip_comment(text: str) -> str:
    """``text`` without its shell comment (a ``#`` starting a word, outside quotes)."""
    quote = ""
    for i, ch in enumerate(text):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and (i == 0 or text[i - 1].isspace()):
            return text[:i].rstrip()
    return text.rstrip()


def sh_lines(markdown: str) -> list[Line]:
    """Every command line of every ```sh block of ``markdown``, continuation lines joined."""
    lines: list[Line] = []
    block, fence, pending, start = 0, None, "", 0  # fence: the open block's language
    for n, raw in enumerate(markdown.splitlines(), 1):
        if raw.strip().startswith("```"):
            fence = raw.strip()[3:] if fence is None else None
            block += fence == "sh"
            continue
        if fence != "sh":
            continue
        text = strip_comment(raw).strip()
        if text.endswith("\\"):
            pending, start = f"{pending} {text[:-1].strip()}".strip(), start or n
            continue
        text = f"{pending} {text}".strip()
        if text:
            lines.append(Line(block, start or n, text))
        pending, start = "", 0
    return lines


@dataclass
class Done:
    """What one line did: its exit code (None: still running when stopped, or not run)."""

    line: Line
    kind: str
    exit: int | None
    seconds: float
    stdout: str = ""
    stderr: str = ""
    cpu: float = 0.0  # CPU seconds of the processes it ran (user + system)
    note: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def children_cpu() -> float:
    """User + system CPU seconds of every child process reaped so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def group_cpu(pgid: int) -> float:
    """CPU seconds used so far by the live processes of group ``pgid`` and the children they
    reaped (Linux ``/proc``; 0 elsewhere): a background line's cost, read before it is stopped."""
    ticks, total = os.sysconf("SC_CLK_TCK"), 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == pgid:  # fields from state: pgrp is the 3rd, utime..cstime the 12th-15th
                total += sum(int(f) for f in fields[11:15])
    return total / ticks


def scratch_env(base: Path) -> dict[str, str]:
    """This process's environment on a fresh home under ``base``: HOME and XDG_* there, no
    FACECOMPARE_* (a new machine has none, so every default lands in the scratch home), Qt
    offscreen, localhost never through a proxy."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACECOMPARE_") and k not in NOT_INHERITED}
    home = base / "home"
    xdg = {"DATA": ".local/share", "CONFIG": ".config", "CACHE": ".cache", "STATE": ".local/state"}
    env |= {f"XDG_{name}_HOME": str(home / sub) for name, sub in xdg.items()}
    env |= {"HOME": str(home), "XDG_RUNTIME_DIR": str(base / "run"), "QT_QPA_PLATFORM": "offscreen"}
    env["NO_PROXY"] = env["no_proxy"] = ",".join(filter(None, [env.get("no_proxy"), "localhost,127.0.0.1"]))
    home.mkdir(parents=True, exist_ok=True)
    (base / "run").mkdir(mode=0o700, exist_ok=True)
    return env


def venv_stale(env: dict[str, str]) -> bool:
    """make would reinstall .venv before any target (its stamp is older than pyproject.toml or
    requirements.lock); a test must then not run make, as the venv may be shared. Never so
    under ``make test``, which brings the stamp up to date first."""
    return subprocess.run(["make", "-q", ".venv/.installed"], cwd=ROOT, env=env).returncode != 0


def start(text: str, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """``text`` started in the background, in its own process group, output to ``log``."""
    with log.open("wb") as fh:
        return subprocess.Popen(
            ["sh", "-c", text], cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT, start_new_session=True
        )


def stop(proc: subprocess.Popen[bytes], wait: float = 30) -> tuple[int | None, float]:
    """SIGTERM to the process group: its exit code (None if it had to be killed after ``wait`` s)
    and the CPU seconds the group used."""
    cpu = group_cpu(proc.pid)
    with suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        return proc.wait(wait), cpu
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        return None, cpu


def run(line: Line, env: dict[str, str], timeout: float) -> Done:
    """Run ``line`` to its end (its whole process group killed after ``timeout`` s)."""
    t0, c0 = time.monotonic(), children_cpu()
    proc = subprocess.Popen(
        ["sh", "-c", line.text], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, start_new_session=True,
    )  # fmt: skip
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        done = Done(line, "run", None, time.monotonic() - t0, out, err, children_cpu() - c0)
        done.problems.append(f"timed out after {timeout:g} s")
        return done
    return Done(line, "run", proc.returncode, time.monotonic() - t0, out, err, children_cpu() - c0)


def http_ok(url: str) -> bool:
    """``url`` answers 200 (no proxy)."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=5) as resp:
            return bool(resp.status == 200)
    except OSError:
        return False


def port_taken(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


class Server:
    """A server line running in the background from :meth:`start` until :meth:`stop`."""

    def __init__(self, line: Line, ready_url: str, log: Path) -> None:
        self.line, self.url, self.log = line, ready_url, log
        self.proc: subprocess.Popen[bytes] | None = None
        self.done = Done(line, "server", None, 0.0)
        self.t0 = time.monotonic()

    def start(self, env: dict[str, str], port: int, timeout: float) -> None:
        if port_taken(port):
            self.done.problems.append(f"port {port} is already taken by another program")
            return
        self.proc = start(self.line.text, env, self.log)
        ready = False
        while self.proc.poll() is None and not (ready := http_ok(self.url)):
            if time.monotonic() - self.t0 > timeout:
                break
            time.sleep(0.5)
        waited = time.monotonic() - self.t0
        if ready:
            self.done.note = f"{self.url} answered 200 after {waited:.1f} s"
        else:
            self.done.problems.append(f"{self.url} not 200 after {waited:.0f} s")

    def stop(self) -> Done:
        """Stop it (once); an exit before that is a problem, as the block needed it running."""
        if self.proc is None or self.done.seconds:
            return self.done
        self.done.seconds = time.monotonic() - self.t0
        if self.proc.poll() is not None:
            self.done.exit = self.proc.returncode
            self.done.problems.append(f"exited ({self.done.exit}) while its block still needed it")
        else:
            self.done.exit, self.done.cpu = stop(self.proc)
            self.done.note += "; stopped with SIGTERM after the rest of its block"
            if self.done.exit is None:
                self.done.problems.append("still running 30 s after SIGTERM")
        self.done.stdout = self.log.read_text(errors="replace")
        return self.done


class XScreen:
    """A private Xvfb screen where a window can be seen; ``display`` is "" without Xvfb or xwininfo."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen[bytes] | None = None
        self.display = ""
        if shutil.which("Xvfb") and shutil.which("xwininfo"):
            r, w = os.pipe()
            self.proc = subprocess.Popen(
                ["Xvfb", "-displayfd", str(w), "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
                pass_fds=(w,), stderr=subprocess.DEVNULL,
            )  # fmt: skip
            os.close(w)
            with os.fdopen(r) as fh:
                number = fh.readline().strip()  # empty if Xvfb could not start
            self.display = f":{number}" if number else ""

    def viewable(self, title: str) -> bool:
        """A top-level window named ``title`` is mapped and viewable on this screen."""
        xwininfo = ["xwininfo", "-display", self.display]
        tree = subprocess.run([*xwininfo, "-root", "-children"], capture_output=True, text=True).stdout
        for wid in re.findall(rf'(0x[0-9a-f]+) "{re.escape(title)}"', tree):
            if "IsViewable" in subprocess.run([*xwininfo, "-id", wid], capture_output=True, text=True).stdout:
                return True
        return False

    def close(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(10)


def run_gui(line: Line, env: dict[str, str], screen: XScreen, window: str, timeout: float, log: Path) -> Done:
    """Start a desktop line, wait for its window (or 15 s alive offscreen without Xvfb), stop it."""
    if screen.display:
        env = env | {"DISPLAY": screen.display, "QT_QPA_PLATFORM": "xcb"}
    proc, t0, seen = start(line.text, env, log), time.monotonic(), False
    while proc.poll() is None and time.monotonic() - t0 < (timeout if screen.display else 15):
        if screen.display and (seen := screen.viewable(window)):
            break
        time.sleep(0.5)
    up, alive = time.monotonic() - t0, proc.poll() is None
    code, cpu = stop(proc, 15)
    done = Done(line, "gui", code, time.monotonic() - t0, log.read_text(errors="replace"))
    done.cpu = cpu
    if not alive:
        done.problems.append(f"exited ({proc.returncode}) before its window was up")
    elif code is None:
        done.problems.append("still running 15 s after SIGTERM")
    elif screen.display and not seen:
        done.problems.append(f"no viewable window {window!r} within {timeout:g} s")
    elif screen.display:
        done.note = f"window {window!r} viewable on Xvfb after {up:.1f} s, then stopped with SIGTERM"
    else:
        done.note = f"no Xvfb/xwininfo: alive offscreen for {up:.0f} s, then stopped with SIGTERM"
    return done


@contextmanager
def restored(folder: Path) -> Iterator[None]:
    """Put ``folder``'s files back as they were afterwards (``make screenshots`` rewrites them)."""
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    try:
        yield
    finally:
        for p in folder.rglob("*"):
            if p.is_file() and p not in before:
                p.unlink()
        for p, data in before.items():
            if not p.exists() or p.read_bytes() != data:
                p.write_bytes(data)


@contextmanager
def cleaned(folder: Path) -> Iterator[None]:
    """Remove afterwards what was added under ``folder`` (links removed, never followed)."""
    before = set(folder.rglob("*")) if folder.exists() else None
    try:
        yield
    finally:
        if before is None:
            shutil.rmtree(folder, ignore_errors=True)
        elif folder.exists():
            for p in sorted(set(folder.rglob("*")) - before, key=lambda p: len(p.parts), reverse=True):
                with suppress(OSError):
                    p.unlink() if p.is_symlink() or p.is_file() else shutil.rmtree(p)
