"""The release packages of scripts/package (issue 14), used as on a machine without Swift.

PARCOURS_DIST names the folder with parcours-<version>-linux-x86_64.tar.gz and
parcours_<version>_amd64.deb (scripts/test makes them and sets it).

- the archive's binary needs no Swift library (ldd), runs with a PATH and an environment
  that have no Swift toolchain, prints its version and commit, and builds the example
  site it carries with the theme it carries (the site folder has no themes/);
- the .deb installs /usr/bin/parcours, the theme and the example under /usr/share; it
  depends on Debian's runtime libraries only (no Swift package), each of which Debian
  has; unpacked into an empty root, its binary builds the example site the same way;
- both builds give the same pages as the example site built by the development binary;
- in a Debian 12 root made by debootstrap (no Swift anywhere), apt installs the .deb with
  the libraries it names, and the installed parcours builds the example.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

DIST = os.environ.get("PARCOURS_DIST")
pytestmark = pytest.mark.skipif(not DIST, reason="PARCOURS_DIST is not set: run scripts/package, then give its dist/ folder")

# A process environment with no Swift toolchain on any path (the toolchain is in /opt/swift here).
CLEAN_ENVIRONMENT = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": "/nonexistent"}


def only(pattern: str) -> Path:
    found = sorted(Path(DIST).glob(pattern))
    assert len(found) == 1, f"expected one {pattern} in {DIST}, found {found}"
    return found[0]


def run(arguments, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run(arguments, cwd=cwd, env=CLEAN_ENVIRONMENT, capture_output=True, text=True, timeout=600)


def assert_no_swift_library(binary: Path) -> None:
    linked = run(["ldd", str(binary)])
    assert linked.returncode == 0, linked.stderr
    assert "not found" not in linked.stdout, linked.stdout
    assert not re.search(r"swift|Foundation|dispatch|BlocksRuntime", linked.stdout, re.I), linked.stdout
    assert "libcmark-gfm" in linked.stdout and "libvips" in linked.stdout


def build_example(binary: Path, example: Path, workspace: Path) -> Path:
    """Copies the packaged example (content/ only, no themes/) and builds it there."""
    site = workspace / "ma-cpts"
    shutil.copytree(example, site)
    assert not (site / "themes").exists()
    result = run([str(binary), "build"], cwd=site)
    assert result.returncode == 0, result.stderr
    assert re.search(r"Site construit : \d+ pages", result.stdout), result.stdout
    return site / "site"


def pages(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("index.html")}


@pytest.fixture(scope="module")
def reference_pages(tmp_path_factory):
    """The example built by the development binary, for comparison."""
    repository = Path(__file__).resolve().parents[2]
    folder = tmp_path_factory.mktemp("reference")
    binary = os.environ.get("PARCOURS_DEV_BIN") or str(repository / ".build/debug/parcours")
    result = subprocess.run([binary, "build", "--source", str(repository / "content"), "--themes", str(repository / "themes"),
                             "--output", str(folder / "site")], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return pages(folder / "site")


def test_the_archive_runs_without_swift_and_builds_its_example(tmp_path, reference_pages):
    archive = only("parcours-*-linux-x86_64.tar.gz")
    version = re.match(r"parcours-(.+)-linux-x86_64\.tar\.gz", archive.name).group(1)
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        assert all(n.startswith(f"parcours-{version}/") or n == f"parcours-{version}" for n in names)
        assert all(member.uid == 0 and member.gid == 0 for member in tar.getmembers())
        tar.extractall(tmp_path, filter="data")
    top = tmp_path / f"parcours-{version}"
    binary = top / "bin/parcours"
    assert (top / "README.md").exists()
    assert (top / "share/parcours/themes/default/layouts").is_dir()
    assert (top / "share/doc/parcours/guide.md").exists()
    assert_no_swift_library(binary)

    shown = run([str(binary), "--version"])
    assert shown.returncode == 0, shown.stderr
    assert re.fullmatch(rf"parcours {re.escape(version)} \(commit [0-9a-f]{{7,40}}(\+modifié)?\)\n", shown.stdout), shown.stdout

    output = build_example(binary, top / "share/parcours/exemple", tmp_path)
    assert pages(output) == reference_pages
    assert "CPTS des Trois Rivières" in (output / "index.html").read_text()


def test_the_deb_depends_on_debian_libraries_only_and_builds_the_example(tmp_path, reference_pages):
    package = only("parcours_*_amd64.deb")
    fields = {name: subprocess.run(["dpkg-deb", "-f", str(package), name], capture_output=True, text=True, check=True).stdout.strip()
              for name in ("Package", "Version", "Architecture", "Depends", "Recommends")}
    assert fields["Package"] == "parcours" and fields["Architecture"] == "amd64"
    depends = [d.strip().split(" ")[0] for d in fields["Depends"].split(",")]
    assert "libvips42" in depends and any(d.startswith("libcmark-gfm") for d in depends), depends
    assert not any("swift" in d for d in depends), depends
    # Each dependency is a Debian package this Debian has (so apt can install the .deb).
    for dependency in depends:
        alternatives = [a.strip().split(" ")[0] for a in dependency.split("|")]
        assert any(subprocess.run(["apt-cache", "show", a], capture_output=True).returncode == 0 for a in alternatives), dependency
    assert "rsync" in fields["Recommends"]

    listing = subprocess.run(["dpkg-deb", "-c", str(package)], capture_output=True, text=True, check=True).stdout
    for path in ("./usr/bin/parcours", "./usr/share/parcours/themes/default/", "./usr/share/parcours/exemple/content/site.yaml",
                 "./usr/share/doc/parcours/guide.md", "./usr/share/doc/parcours/deploy/systemd/parcours-publier.timer"):
        assert path in listing, path
    assert "root/root" in listing.splitlines()[0]

    root = tmp_path / "root"
    subprocess.run(["dpkg-deb", "-x", str(package), str(root)], check=True)
    binary = root / "usr/bin/parcours"
    assert_no_swift_library(binary)
    shown = run([str(binary), "--version"])
    assert shown.stdout.startswith(f"parcours {fields['Version']} (commit "), shown.stdout
    output = build_example(binary, root / "usr/share/parcours/exemple", tmp_path)
    assert pages(output) == reference_pages


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("debootstrap") is None,
                    reason="needs root and debootstrap (scripts/browser-tests installs it; CI runs as root)")
def test_the_deb_installs_with_apt_in_a_clean_debian_root_and_builds_the_example(tmp_path):
    """A Debian 12 minbase made by debootstrap from Debian's mirror: apt installs the .deb
    and exactly what it depends on, and the installed parcours builds the example."""
    package = only("parcours_*_amd64.deb")
    root = tmp_path / "debian"
    proc = root / "proc"
    try:
        made = subprocess.run(["debootstrap", "--variant=minbase", "bookworm", str(root), "http://deb.debian.org/debian"],
                              capture_output=True, text=True, timeout=1200)
        assert made.returncode == 0, made.stdout[-2000:] + made.stderr[-2000:]
        shutil.copy("/etc/resolv.conf", root / "etc/resolv.conf")
        shutil.copy(package, root / "tmp/parcours.deb")
        # Swift reads its arguments and Parcours its own path from /proc.
        subprocess.run(["mount", "-t", "proc", "proc", str(proc)], check=True)

        def inside(*command: str) -> subprocess.CompletedProcess:
            return subprocess.run(["chroot", str(root), "/usr/bin/env", "-i", "PATH=/usr/sbin:/usr/bin:/sbin:/bin",
                                   "HOME=/root", "LANG=C.UTF-8", "DEBIAN_FRONTEND=noninteractive", *command],
                                  capture_output=True, text=True, timeout=1200)

        assert inside("sh", "-c", "command -v swift || test ! -e /opt/swift").returncode == 0
        updated = inside("apt-get", "update", "-qq")
        assert updated.returncode == 0, updated.stderr
        installed = inside("apt-get", "install", "-y", "-qq", "--no-install-recommends", "/tmp/parcours.deb")
        assert installed.returncode == 0, installed.stdout[-3000:] + installed.stderr[-3000:]
        built = inside("sh", "-c", "cp -r /usr/share/parcours/exemple /root/ma-cpts && cd /root/ma-cpts && parcours build")
        assert built.returncode == 0, built.stderr
        assert re.search(r"Site construit : \d+ pages", built.stdout), built.stdout
        assert (root / "root/ma-cpts/site/index.html").exists()
        linked = inside("ldd", "/usr/bin/parcours")
        assert "not found" not in linked.stdout and "swift" not in linked.stdout.lower(), linked.stdout
    finally:
        subprocess.run(["umount", str(proc)], capture_output=True)
        # 300 MB of Debian: not kept among pytest's temporary folders.
        if not os.path.ismount(proc):
            shutil.rmtree(root, ignore_errors=True)
