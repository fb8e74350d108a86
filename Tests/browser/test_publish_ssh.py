"""`parcours publish` to a real Debian openssh-server on a loopback port (issue 14).

For each of the two SSH targets (rsync, sftp), with keys made by the test:
- the first publication sends every file of site/ (but Parcours's bookkeeping);
- after one news item is edited, exactly the files whose bytes changed are written on the
  server (counted on the server: a file rewritten gets a new inode or modification time),
  and the command's count says the same;
- `--dry-run` lists the changes and writes nothing;
- a news item removed from the content is removed from the server;
- a server whose host key is not the one in known_hosts is refused, in French, and the
  server's folder is left as it was.

The git target is tested in process against a bare repository (Tests/ParcoursTests/PublishTests.swift).
"""

from __future__ import annotations

import getpass
import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SSHD = Path("/usr/sbin/sshd")
NEWS = "content/actualites/bien-grandir-bilan-annee-scolaire.md"
REMOVED = "content/actualites/recrutement-ipa.md"

pytestmark = pytest.mark.skipif(not SSHD.exists() or shutil.which("rsync") is None,
                                reason="openssh-server and rsync are installed by scripts/browser-tests")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def keygen(path: Path) -> None:
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "test", "-f", str(path)], check=True)


class SSHServer:
    """sshd on 127.0.0.1:port, its own host key, one authorised client key; stopped by stop()."""

    def __init__(self, folder: Path):
        self.folder = folder
        folder.mkdir()
        self.port = free_port()
        keygen(folder / "host_key")
        keygen(folder / "client_key")
        shutil.copy(folder / "client_key.pub", folder / "authorized_keys")
        (folder / "authorized_keys").chmod(0o600)
        config = folder / "sshd_config"
        config.write_text(f"""
Port {self.port}
ListenAddress 127.0.0.1
HostKey {folder}/host_key
PidFile {folder}/sshd.pid
AuthorizedKeysFile {folder}/authorized_keys
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PermitRootLogin prohibit-password
Subsystem sftp internal-sftp
LogLevel VERBOSE
""")
        if os.geteuid() == 0:
            Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)
        self.log = open(folder / "sshd.log", "wb")
        self.process = subprocess.Popen([str(SSHD), "-D", "-e", "-f", str(config)], stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.1)
        self.stop()
        pytest.fail("sshd did not start: " + (folder / "sshd.log").read_text(errors="replace"))

    def known_hosts_line(self, key: Path | None = None) -> str:
        public = (key or self.folder / "host_key.pub").read_text().split()
        return f"[127.0.0.1]:{self.port} {public[0]} {public[1]}\n"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


@pytest.fixture(scope="module")
def sshd(tmp_path_factory):
    server = SSHServer(tmp_path_factory.mktemp("ssh") / "server")
    yield server
    server.stop()


def make_site(root: Path, server: SSHServer, kind: str, known_hosts: str) -> Path:
    """The example content and theme in `root`, a publish.yaml for one target."""
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "themes", root / "themes")
    (root / "known_hosts").write_text(known_hosts)
    (root / "www").mkdir()
    (root / "publish.yaml").write_text(f"""targets:
  - name: hebergeur
    type: {kind}
    host: 127.0.0.1
    port: {server.port}
    user: {getpass.getuser()}
    path: {root / "www"}
    identity_file: {server.folder / "client_key"}
    known_hosts: known_hosts
""")
    return root


def publish(site: Path, *extra: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "SSH_AUTH_SOCK")}
    environment["LANG"] = "C.UTF-8"  # the site's language (French) for the messages
    return subprocess.run([os.environ.get("PARCOURS_BIN", str(REPO / ".build/debug/parcours")), "publish", *extra],
                          cwd=site, env=environment, capture_output=True, text=True, timeout=600)


def tree(folder: Path, with_identity: bool = False) -> dict[str, object]:
    """Relative path → bytes (or (inode, mtime) of each file, to see what was rewritten)."""
    result = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            relative = path.relative_to(folder).as_posix()
            stat = path.stat()
            result[relative] = (stat.st_ino, stat.st_mtime_ns) if with_identity else path.read_bytes()
    return result


def sent_count(output: str) -> tuple[int, int]:
    match = re.search(r"hebergeur \((?:rsync|sftp)\) : (\d+) fichiers? envoyés?, (\d+) supprimés?", output)
    assert match, f"no summary line in:\n{output}"
    return int(match.group(1)), int(match.group(2))


@pytest.mark.parametrize("kind", ["rsync", "sftp"])
def test_publish_sends_everything_then_only_what_changed_then_removes(sshd, tmp_path, kind):
    site = make_site(tmp_path, sshd, kind, sshd.known_hosts_line())
    www = site / "www"

    # 1. First publication: every file of the built site arrives, byte for byte.
    first = publish(site)
    assert first.returncode == 0, first.stderr
    built = {k: v for k, v in tree(site / "site").items() if not k.startswith(".parcours-")}
    published = {k: v for k, v in tree(www).items() if k != ".parcours-publication"}
    assert published == built
    assert sent_count(first.stdout) == (len(built), 0)

    # 2. One news item edited: --dry-run lists exactly the files whose bytes change, writes nothing.
    news = site / NEWS
    news.write_text(news.read_text() + "\nUn paragraphe ajouté avant la publication.\n")
    before = tree(www, with_identity=True)
    dry = publish(site, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    rebuilt = {k: v for k, v in tree(site / "site").items() if not k.startswith(".parcours-")}
    changed = {path for path in rebuilt if built.get(path) != rebuilt[path]}
    assert "actualites/bien-grandir-bilan-annee-scolaire/index.html" in changed
    listed = {line[2:] for line in dry.stdout.splitlines() if line.startswith("~ ")}
    assert listed == changed
    assert "rien n’a été envoyé (--dry-run)" in dry.stdout
    assert tree(www, with_identity=True) == before

    # 3. The real publication rewrites exactly those files on the server.
    second = publish(site)
    assert second.returncode == 0, second.stderr
    after = tree(www, with_identity=True)
    rewritten = {path for path in after if path != ".parcours-publication" and after[path] != before.get(path)}
    assert rewritten == changed
    assert sent_count(second.stdout) == (len(changed), 0)
    assert {k: v for k, v in tree(www).items() if k != ".parcours-publication"} == rebuilt

    # 4. A news item removed from the content is removed from the server.
    (site / REMOVED).unlink()
    third = publish(site)
    assert third.returncode == 0, third.stderr
    assert not (www / "actualites/recrutement-ipa/index.html").exists()
    assert not (www / "actualites/recrutement-ipa").exists()
    final = {k: v for k, v in tree(www).items() if k != ".parcours-publication"}
    assert final == {k: v for k, v in tree(site / "site").items() if not k.startswith(".parcours-")}
    assert sent_count(third.stdout)[1] >= 1


@pytest.mark.parametrize("kind", ["rsync", "sftp"])
def test_a_wrong_host_key_is_refused_and_nothing_is_sent(sshd, tmp_path, kind):
    impostor = tmp_path / "impostor"
    keygen(impostor)
    site = make_site(tmp_path / "site", sshd, kind, sshd.known_hosts_line(impostor.with_suffix(".pub")))
    result = publish(site)
    assert result.returncode == 1
    assert "la clé d’hôte du serveur n’est pas celle de" in result.stderr, result.stderr
    assert "Parcours ne saute jamais cette vérification" in result.stderr
    assert list((site / "www").iterdir()) == []
    # The site was built (site/ exists), but not one file reached the server.
    assert (site / "site/index.html").exists()


def test_an_unknown_host_is_refused_and_known_hosts_is_not_written(sshd, tmp_path):
    site = make_site(tmp_path, sshd, "rsync", "")
    result = publish(site)
    assert result.returncode == 1
    assert "la clé d’hôte du serveur n’est pas celle de" in result.stderr, result.stderr
    assert (site / "known_hosts").read_text() == ""
    assert list((site / "www").iterdir()) == []
