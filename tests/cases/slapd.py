"""A real OpenLDAP ``slapd`` for the tests: Debian's binary, its own config, database and port.

The server runs in the foreground from a temporary folder (``cn=config`` loaded with ``slapadd``,
schemas from ``/etc/ldap/schema``, an MDB database), listens on loopback only, with plain LDAP
(StartTLS offered) and LDAPS on free ports, under a certificate of its own throwaway CA; it
is stopped and its folder removed afterwards. A system-wide slapd, if any, is never touched.

The tree is a small bank (``dc=bank,dc=example``): people in ``ou=people``, groups in
``ou=groups``, the application's service account in ``ou=services``. Like Active Directory, the
server lets a name with an empty password bind as anonymous (``olcAllows: bind_anon_dn``):
the trap a directory sign-in must not fall into.
"""

from __future__ import annotations

import base64
import ctypes
import hashlib
import ipaddress
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

SLAPD = Path("/usr/sbin/slapd")
SLAPADD = Path("/usr/sbin/slapadd")
SCHEMA = Path("/etc/ldap/schema")
MODULES = Path("/usr/lib/ldap")

BASE = "dc=bank,dc=example"
PEOPLE = f"ou=people,{BASE}"
GROUPS = f"ou=groups,{BASE}"
SERVICE_DN = f"cn=svc-facecompare,ou=services,{BASE}"
SERVICE_PASSWORD = "svc-secret-4711"
ROOT_DN = f"cn=admin,{BASE}"  # the tests' own changes to the tree
ROOT_PASSWORD = "root-secret-0815"

#: uid -> password; everyone but the service account signs in with these
PASSWORDS = {
    "alice": "alice-pass-1",  # fc-admins
    "bob": "bob-pass-22",  # fc-reviewers (groupOfUniqueNames)
    "carol": "carol-pass-333",  # fc-operators
    "dave": "dave-pass-4444",  # fc-operators, but employeeType: disabled (has left the bank)
    "erin": "erin-pass-55555",  # only in canteen: no group the application maps
    "frank": "frank-pass-666666",  # fc-operators, and a second uid: f.jones
}
ADMINS = f"cn=fc-admins,{GROUPS}"
REVIEWERS = f"cn=fc-reviewers,{GROUPS}"
OPERATORS = f"cn=fc-operators,{GROUPS}"
CANTEEN = f"cn=canteen,{GROUPS}"


def missing() -> str | None:
    """Why no slapd can be started here (None when it can)."""
    for tool in (SLAPD, SLAPADD):
        if not tool.exists():
            return f"{tool} is absent: apt-get install -y slapd ldap-utils (make sysdeps does)"
    if not (SCHEMA / "inetorgperson.ldif").exists():
        return f"{SCHEMA}/inetorgperson.ldif is absent (Debian's slapd package ships it)"
    return None


@dataclass(frozen=True)
class Slapd:
    """A running test server: where it listens and the CA that signed its certificate."""

    url: str  # ldap://127.0.0.1:PORT (StartTLS offered)
    ldaps_url: str  # ldaps://127.0.0.1:PORT
    wrong_name_url: str  # ldaps://127.0.0.2:PORT: the same server under a name its certificate lacks
    ca_file: Path
    folder: Path


def user_dn(uid: str) -> str:
    return f"uid={uid},{PEOPLE}"


def _ssha(password: str) -> str:
    salt = os.urandom(8)
    digest = hashlib.sha1(password.encode() + salt).digest()
    return "{SSHA}" + base64.b64encode(digest + salt).decode()


def _free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def certificates(folder: Path) -> tuple[Path, Path, Path]:
    """A throwaway CA and a server certificate for 127.0.0.1 / localhost signed by it."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = datetime.now(UTC)

    def name(cn: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder()
        .subject_name(name("facecompare test CA"))
        .issuer_name(name("facecompare test CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    alt = x509.SubjectAlternativeName(
        [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(name("localhost"))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(alt, critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    ca_file, cert_file, key_file = folder / "ca.pem", folder / "server.pem", folder / "server.key"
    ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return ca_file, cert_file, key_file


def _config(folder: Path, ca: Path, cert: Path, key: Path) -> str:
    schemas = "\n".join(
        f"include: file://{SCHEMA / name}" for name in ("core.ldif", "cosine.ldif", "inetorgperson.ldif")
    )
    return f"""\
dn: cn=config
objectClass: olcGlobal
cn: config
olcPidFile: {folder}/slapd.pid
olcArgsFile: {folder}/slapd.args
olcAllows: bind_anon_dn
olcTLSCACertificateFile: {ca}
olcTLSCertificateFile: {cert}
olcTLSCertificateKeyFile: {key}

dn: cn=module{{0}},cn=config
objectClass: olcModuleList
cn: module{{0}}
olcModulePath: {MODULES}
olcModuleLoad: back_mdb

dn: cn=schema,cn=config
objectClass: olcSchemaConfig
cn: schema

{schemas}

dn: olcDatabase={{-1}}frontend,cn=config
objectClass: olcDatabaseConfig
objectClass: olcFrontendConfig
olcDatabase: {{-1}}frontend

dn: olcDatabase={{0}}config,cn=config
objectClass: olcDatabaseConfig
olcDatabase: {{0}}config
olcAccess: {{0}}to * by * none

dn: olcDatabase={{1}}mdb,cn=config
objectClass: olcDatabaseConfig
objectClass: olcMdbConfig
olcDatabase: {{1}}mdb
olcSuffix: {BASE}
olcDbDirectory: {folder}/data
olcDbMaxSize: 16777216
olcRootDN: {ROOT_DN}
olcRootPW: {ROOT_PASSWORD}
olcAccess: {{0}}to attrs=userPassword by self write by anonymous auth by * none
olcAccess: {{1}}to * by * read
"""


def _tree() -> str:
    """The bank's people, groups and service account (Debian's default ACL: anyone may read)."""
    entries = [
        f"dn: {BASE}\nobjectClass: dcObject\nobjectClass: organization\ndc: bank\no: Example Bank",
        f"dn: {PEOPLE}\nobjectClass: organizationalUnit\nou: people",
        f"dn: {GROUPS}\nobjectClass: organizationalUnit\nou: groups",
        f"dn: ou=services,{BASE}\nobjectClass: organizationalUnit\nou: services",
        f"dn: {SERVICE_DN}\nobjectClass: applicationProcess\nobjectClass: simpleSecurityObject\n"
        f"cn: svc-facecompare\nuserPassword: {_ssha(SERVICE_PASSWORD)}",
    ]
    for uid, password in PASSWORDS.items():
        extra = {"dave": "\nemployeeType: disabled", "frank": "\nuid: f.jones"}.get(uid, "")
        entries.append(
            f"dn: {user_dn(uid)}\nobjectClass: inetOrgPerson\nuid: {uid}\ncn: {uid.title()}\n"
            f"sn: {uid.title()}\nuserPassword: {_ssha(password)}{extra}"
        )

    def group(dn: str, kind: str, attribute: str, *uids: str) -> str:
        members = "\n".join(f"{attribute}: {user_dn(uid)}" for uid in uids)
        return f"dn: {dn}\nobjectClass: {kind}\ncn: {dn.split(',')[0][3:]}\n{members}"

    entries += [
        group(ADMINS, "groupOfNames", "member", "alice"),
        group(REVIEWERS, "groupOfUniqueNames", "uniqueMember", "bob"),
        group(OPERATORS, "groupOfNames", "member", "carol", "dave", "frank"),
        group(CANTEEN, "groupOfNames", "member", "erin", "alice"),
    ]
    return "\n\n".join(entries) + "\n"


def _hint() -> str:
    """Ubuntu's slapd has an AppArmor profile that keeps it out of temporary folders."""
    if Path("/etc/apparmor.d/usr.sbin.slapd").exists():
        return "\n(an AppArmor profile confines /usr/sbin/slapd: aa-complain /usr/sbin/slapd for the tests)"
    return ""


def _die_with_parent() -> None:
    """In the child before exec: SIGTERM when the test process dies, even by SIGKILL."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _wait_listening(process: subprocess.Popen[bytes], addresses: list[tuple[str, int]], log: Path) -> None:
    deadline = time.monotonic() + 20
    waiting = list(addresses)
    while waiting:
        if process.poll() is not None:
            raise RuntimeError(f"slapd exited with {process.returncode}:\n{log.read_text()[-3000:]}{_hint()}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"slapd did not listen on {waiting} within 20 s:\n{log.read_text()[-3000:]}")
        try:
            socket.create_connection(waiting[0], timeout=0.5).close()
            waiting.pop(0)
        except OSError:
            time.sleep(0.05)


def _start(folder: Path, config_dir: Path, ca: Path) -> tuple[subprocess.Popen[bytes], Slapd]:
    """slapd listening on free ports; tried again on new ones if another process took one first."""
    for attempt in range(3):
        port, tls_port, other_port = _free_port(), _free_port(), _free_port("127.0.0.2")
        server = Slapd(
            url=f"ldap://127.0.0.1:{port}",
            ldaps_url=f"ldaps://127.0.0.1:{tls_port}",
            wrong_name_url=f"ldaps://127.0.0.2:{other_port}",
            ca_file=ca,
            folder=folder,
        )
        log = folder / "slapd.log"
        listen = f"{server.url}/ {server.ldaps_url}/ {server.wrong_name_url}/"
        # -d keeps slapd in the foreground (a child we can stop); "none" still prints its errors
        with log.open("wb") as out:
            process = subprocess.Popen(
                [str(SLAPD), "-d", "none", "-h", listen, "-F", str(config_dir)],
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                preexec_fn=_die_with_parent,
            )
        addresses = [("127.0.0.1", port), ("127.0.0.1", tls_port), ("127.0.0.2", other_port)]
        try:
            _wait_listening(process, addresses, log)
            return process, server
        except RuntimeError:
            _stop(process)
            if attempt == 2 or "bind(" not in log.read_text(errors="replace"):
                raise
    raise AssertionError("unreachable")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def slapd_server() -> Iterator[Slapd]:
    """A slapd started for the caller on 127.0.0.1, stopped and removed afterwards."""
    reason = missing()
    if reason:
        raise RuntimeError(reason)
    folder = Path(tempfile.mkdtemp(prefix="fc-slapd-"))
    try:
        config_dir, data_dir = folder / "slapd.d", folder / "data"
        config_dir.mkdir()
        data_dir.mkdir()
        ca, cert, key = certificates(folder)
        (folder / "config.ldif").write_text(_config(folder, ca, cert, key))
        (folder / "tree.ldif").write_text(_tree())
        for n, ldif in (("0", "config.ldif"), ("1", "tree.ldif")):
            subprocess.run(
                [str(SLAPADD), "-n", n, "-F", str(config_dir), "-l", str(folder / ldif)],
                check=True,
                capture_output=True,
            )
        process, server = _start(folder, config_dir, ca)
        try:
            yield server
        finally:
            _stop(process)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
