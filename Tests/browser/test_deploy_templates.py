"""The publication templates of deploy/ (issue 14), read as their users rely on them.

- deploy/github/publier.yml and deploy/gitlab/.gitlab-ci.yml: they run `parcours
  publish` on a push to the main branch and on a daily schedule, in Debian 12, install
  Parcours's .deb through apt (so its libraries come from Debian), and take the SSH key
  and the host keys from the CI's secrets and variables: nothing secret is written in
  them, the key file is made mode 600, no host key is fetched at run time;
- nowhere in deploy/ is the host key check turned off (StrictHostKeyChecking no,
  accept-new, UserKnownHostsFile=/dev/null) and no private key is written;
- deploy/systemd/: the timer fires every day (OnCalendar, checked by `systemd-analyze
  calendar`), catches up after a shutdown (Persistent=true) and starts the service, whose
  ExecStart is `/usr/bin/parcours publish`, as an unprivileged user, in a folder it may
  write; `systemd-analyze verify` finds nothing to say (when systemd-analyze exists);
- deploy/publish.yaml.exemple parses, and each target has the keys its type needs and
  names the key file where the CI templates write it;
- docs/guide/README.md links only to files that exist.

No Parcours binary is needed: these tests read files.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
GITHUB = DEPLOY / "github" / "publier.yml"
GITLAB = DEPLOY / "gitlab" / ".gitlab-ci.yml"
SERVICE = DEPLOY / "systemd" / "parcours-publier.service"
TIMER = DEPLOY / "systemd" / "parcours-publier.timer"
PUBLISH_EXAMPLE = DEPLOY / "publish.yaml.exemple"
GUIDE = REPO / "docs" / "guide" / "README.md"

# Where the CI templates write the key, and where publish.yaml (and the guide) name it.
KEY_FILE = "~/.ssh/cpts_publication"
# Parcours reads `~` of publish.yaml as $HOME, as a shell does (GitHub's container jobs set
# HOME=/github/home, not root's /root): the templates write the key under $HOME.
HOME_FOLDER = re.compile(r'(home|PUBLICATION_HOME)="\$HOME"')
KNOWN_HOSTS_WRITTEN = re.compile(r'"\$PUBLICATION_KNOWN_HOSTS"\s*>\s*"?(?:\$\{?\w+\}?)/\.ssh/known_hosts"?')
SECRET_NAMES = ["PUBLICATION_SSH_KEY", "PUBLICATION_KNOWN_HOSTS", "PARCOURS_DEB_URL"]

# A shell line that runs `parcours publish` (not --dry-run alone, not in a comment).
PUBLISH_COMMAND = re.compile(r"^\s*(?:/usr/bin/)?parcours publish(?:\s+(?!--dry-run)\S.*)?\s*$", re.M)
# `apt-get install … ./x.deb` or `apt install … /tmp/x.deb`: apt resolves the dependencies.
APT_INSTALLS_DEB = re.compile(r"\bapt(?:-get)?\s+install\b[^\n]*\s\.{0,2}/\S*\.deb\b")
DPKG_INSTALL = re.compile(r"\bdpkg\s+(?:-i|--install)\b")
# A file written with permissions for its owner alone.
PRIVATE_MODE = re.compile(r"\bumask\s+0?077\b|\bchmod\s+0?600\b|\binstall\b[^\n]*-m\s*0?600\b")


def fail(message):
    pytest.fail(message, pytrace=False)


def load_yaml(path: Path):
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        fail(f"{path.relative_to(REPO)} is not valid YAML: {error}")


def daily_cron(expression: str) -> bool:
    """A five-field cron expression that fires once every day at a fixed time."""
    fields = expression.split()
    return (len(fields) == 5 and fields[0].isdigit() and fields[1].isdigit()
            and 0 <= int(fields[0]) < 60 and 0 <= int(fields[1]) < 24 and fields[2:] == ["*", "*", "*"])


def without_comments(text: str) -> str:
    """YAML or unit file text without its comment lines (the templates' explanations)."""
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(("#", ";")))


# --- GitHub Actions -------------------------------------------------------------------

@pytest.fixture(scope="module")
def github() -> dict:
    data = load_yaml(GITHUB)
    assert isinstance(data, dict), f"{GITHUB.relative_to(REPO)}: not a map"
    # YAML 1.1 (PyYAML) reads the key `on` as the boolean true; GitHub reads it as "on".
    if True in data:
        data["on"] = data.pop(True)
    return data


def github_steps(github: dict) -> list[dict]:
    jobs = github.get("jobs") or {}
    assert len(jobs) == 1, f"one publication job expected, found {list(jobs)}"
    return next(iter(jobs.values())).get("steps") or []


def github_scripts(github: dict) -> str:
    """The shell of every step, without its comment lines."""
    return without_comments("\n".join(step.get("run", "") for step in github_steps(github)))


def test_github_workflow_triggers(github):
    triggers = github.get("on")
    assert isinstance(triggers, dict), f"'on' must list the triggers, got {triggers!r}"
    push = triggers.get("push") or {}
    assert "main" in (push.get("branches") or []), f"no push trigger on main: {push!r}"
    crons = [entry.get("cron", "") for entry in triggers.get("schedule") or []]
    assert any(daily_cron(c) for c in crons), f"no daily schedule among {crons!r}"
    assert "workflow_dispatch" in triggers, "no manual trigger (workflow_dispatch)"


def test_github_workflow_publishes_in_debian_12(github):
    job = next(iter(github["jobs"].values()))
    container = job.get("container")
    image = container.get("image") if isinstance(container, dict) else container
    assert image == "debian:12", f"the job runs in {image!r}, not debian:12"
    scripts = github_scripts(github)
    assert PUBLISH_COMMAND.search(scripts), "no step runs `parcours publish`"
    # The repository is checked out before Parcours publishes it.
    uses = [step.get("uses", "") for step in github_steps(github)]
    assert any(u.startswith("actions/checkout@") for u in uses), f"no checkout step: {uses}"


def test_github_installs_the_deb_through_apt(github):
    scripts = github_scripts(github)
    assert APT_INSTALLS_DEB.search(scripts), "the .deb is not installed with apt/apt-get install ./….deb"
    assert not DPKG_INSTALL.search(scripts), "dpkg -i does not install the .deb's dependencies"
    for tool in ("rsync", "openssh-client", "git"):
        assert re.search(rf"apt(?:-get)? install[^\n]*\b{re.escape(tool)}\b", scripts), f"{tool} is not installed"
    envs = {k: v for step in github_steps(github) for k, v in (step.get("env") or {}).items()}
    assert envs.get("PARCOURS_DEB_URL") == "${{ vars.PARCOURS_DEB_URL }}", \
        f"PARCOURS_DEB_URL must come from the repository variable, got {envs.get('PARCOURS_DEB_URL')!r}"


def test_github_secrets_are_referenced_not_inlined(github):
    steps = github_steps(github)
    envs = {k: v for step in steps for k, v in (step.get("env") or {}).items()}
    assert envs.get("PUBLICATION_SSH_KEY") == "${{ secrets.PUBLICATION_SSH_KEY }}", \
        f"PUBLICATION_SSH_KEY must come from the repository's secrets, got {envs.get('PUBLICATION_SSH_KEY')!r}"
    known_hosts = envs.get("PUBLICATION_KNOWN_HOSTS", "")
    assert re.fullmatch(r"\$\{\{ (?:vars|secrets)\.PUBLICATION_KNOWN_HOSTS \}\}", known_hosts), \
        f"PUBLICATION_KNOWN_HOSTS must come from a variable or secret, got {known_hosts!r}"
    # The workflow level defines none of them (a value there would be in the file).
    for name in SECRET_NAMES:
        assert name not in (github.get("env") or {}), f"{name} is set in the workflow itself"
    key_steps = [s for s in steps if "PUBLICATION_SSH_KEY" in (s.get("env") or {})]
    script = "\n".join(s.get("run", "") for s in key_steps)
    assert KEY_FILE.replace("~", "") in script and HOME_FOLDER.search(script), \
        f"the key is not written to {KEY_FILE} of $HOME, where publish.yaml names it"
    assert PRIVATE_MODE.search(script), "the key file is not made readable by its owner alone (600)"
    assert KNOWN_HOSTS_WRITTEN.search(script), "the checked host keys are not written to ~/.ssh/known_hosts"
    assert "ssh-keyscan" not in github_scripts(github), "a host key fetched at run time is checked against nothing"


# --- GitLab CI ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def gitlab_job() -> dict:
    data = load_yaml(GITLAB)
    assert isinstance(data, dict), f"{GITLAB.relative_to(REPO)}: not a map"
    jobs = {name: job for name, job in data.items()
            if isinstance(job, dict) and not name.startswith(".") and "script" in job}
    assert list(jobs) == ["publier"], f"one job 'publier' expected, found {list(jobs)}"
    # The variables of the settings are not written in the file.
    for name in SECRET_NAMES:
        assert name not in (data.get("variables") or {}), f"{name} is set in .gitlab-ci.yml itself"
    return jobs["publier"]


def gitlab_scripts(job: dict) -> str:
    parts = []
    for key in ("before_script", "script"):
        value = job.get(key) or []
        value = [value] if isinstance(value, str) else value
        # `- cut -d: -f6` is a map for YAML, and a job GitLab refuses.
        assert all(isinstance(line, str) for line in value), f"{key}: an item is not a command: {value}"
        parts += value
    return without_comments("\n".join(parts))


def test_gitlab_rules_push_and_schedule(gitlab_job):
    conditions = [rule.get("if", "") for rule in gitlab_job.get("rules") or []]
    on_default = [c for c in conditions if "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH" in c]
    assert any('$CI_PIPELINE_SOURCE == "push"' in c for c in on_default), \
        f"no rule for a push on the default branch: {conditions}"
    assert any('$CI_PIPELINE_SOURCE == "schedule"' in c for c in conditions), \
        f"no rule for the daily schedule: {conditions}"
    # No rule lets any other branch publish.
    assert all(c in on_default for c in conditions), f"a rule publishes from another branch: {conditions}"
    # The schedule itself lives in GitLab's settings: the file says where, with a daily cron.
    text = GITLAB.read_text(encoding="utf-8")
    assert "Schedules" in text and re.search(r"\b0 5 \* \* \*", text), \
        "the file does not explain how to create the daily schedule"


def test_gitlab_publishes_in_debian_12_with_the_deb(gitlab_job):
    assert gitlab_job.get("image") == "debian:12", f"image {gitlab_job.get('image')!r}, not debian:12"
    scripts = gitlab_scripts(gitlab_job)
    assert PUBLISH_COMMAND.search("\n".join(gitlab_job.get("script") or [])), "the script does not run `parcours publish`"
    assert APT_INSTALLS_DEB.search(scripts), "the .deb is not installed with apt/apt-get install ./….deb"
    assert not DPKG_INSTALL.search(scripts), "dpkg -i does not install the .deb's dependencies"
    assert '"$PARCOURS_DEB_URL"' in scripts, "the .deb is not downloaded from $PARCOURS_DEB_URL"
    for tool in ("rsync", "openssh-client", "git"):
        assert re.search(rf"apt(?:-get)? install[^\n]*\b{re.escape(tool)}\b", scripts), f"{tool} is not installed"


def test_gitlab_key_comes_from_a_file_variable(gitlab_job):
    scripts = gitlab_scripts(gitlab_job)
    # A File variable holds the path of a file GitLab wrote: the key is copied from it.
    key_line = next((line for line in scripts.splitlines()
                     if '"$PUBLICATION_SSH_KEY"' in line and KEY_FILE.replace("~", "") in line), None)
    assert key_line and HOME_FOLDER.search(scripts), \
        f"the key of the File variable PUBLICATION_SSH_KEY is not copied to {KEY_FILE} of the account's home"
    assert PRIVATE_MODE.search(scripts), "the key file is not made readable by its owner alone (600)"
    assert KNOWN_HOSTS_WRITTEN.search(scripts), "the checked host keys are not written to ~/.ssh/known_hosts"
    assert "ssh-keyscan" not in scripts, "a host key fetched at run time is checked against nothing"
    assert re.search(r"PUBLICATION_SSH_KEY\s+type FILE", GITLAB.read_text(encoding="utf-8")), \
        "the file does not say that PUBLICATION_SSH_KEY is a variable of type File"


# --- Everything under deploy/ ---------------------------------------------------------

HOST_KEY_CHECK_OFF = re.compile(
    r"StrictHostKeyChecking\s*[= ]\s*[\"']?(?:no|off|false|0|accept-new)\b"
    r"|UserKnownHostsFile\s*[= ]\s*[\"']?/dev/null"
    r"|GlobalKnownHostsFile\s*[= ]\s*[\"']?/dev/null",
    re.I)
PRIVATE_KEY_MATERIAL = re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----[ \t]*\r?\n[ \t#]*[A-Za-z0-9+/=]{40,}")


def deploy_files() -> list[Path]:
    return sorted(p for p in DEPLOY.rglob("*") if p.is_file())


def test_templates_exist():
    for path in (GITHUB, GITLAB, SERVICE, TIMER, PUBLISH_EXAMPLE, GUIDE):
        assert path.is_file(), f"{path.relative_to(REPO)} is missing"


def test_host_keys_are_always_checked():
    offenders = []
    for path in deploy_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in HOST_KEY_CHECK_OFF.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            offenders.append(f"{path.relative_to(REPO)}:{line}: {match.group(0)}")
    assert not offenders, "the host key check is turned off:\n" + "\n".join(offenders)


def test_no_private_key_in_deploy():
    offenders = [str(p.relative_to(REPO)) for p in deploy_files()
                 if PRIVATE_KEY_MATERIAL.search(p.read_text(encoding="utf-8", errors="replace"))]
    assert not offenders, f"a private key is written in {offenders}"


# --- systemd --------------------------------------------------------------------------

def unit(path: Path) -> dict[str, list[tuple[str, str]]]:
    """A unit file as {section: [(key, value), …]}, repeated keys kept in order."""
    sections: dict[str, list[tuple[str, str]]] = {}
    current = None
    pending = ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = pending + raw.strip()
        pending = ""
        if not line or line.startswith(("#", ";")):
            continue
        if line.endswith("\\"):
            pending = line[:-1] + " "
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            sections.setdefault(current, [])
            continue
        assert current, f"{path.name}: '{line}' is outside any section"
        key, sep, value = line.partition("=")
        assert sep, f"{path.name}: '{line}' is not key=value"
        sections[current].append((key.strip(), value.strip()))
    return sections


def values(section: list[tuple[str, str]], key: str) -> list[str]:
    return [v for k, v in section if k == key]


def test_timer_fires_daily_and_catches_up():
    timer = unit(TIMER)
    section = timer.get("Timer") or []
    calendars = values(section, "OnCalendar")
    assert calendars, "the timer has no OnCalendar"
    assert values(section, "Persistent") == ["true"], \
        "Persistent=true is missing: a run missed while the server was off would never happen"
    assert values(section, "Unit") in ([], [SERVICE.name]), f"the timer starts {values(section, 'Unit')}"
    assert "timers.target" in " ".join(values(timer.get("Install") or [], "WantedBy")), \
        "the timer cannot be enabled (WantedBy=timers.target)"
    analyze = shutil.which("systemd-analyze")
    for calendar in calendars:
        assert re.match(r"\*-\*-\* \d\d:\d\d(?::\d\d)? Europe/Paris$", calendar), \
            f"OnCalendar={calendar}: not every day at a time of Paris"
        if analyze:
            result = subprocess.run([analyze, "calendar", calendar], capture_output=True, text=True, timeout=30)
            assert result.returncode == 0, f"systemd-analyze calendar '{calendar}':\n{result.stderr}"


def test_service_runs_parcours_publish_unprivileged():
    service = unit(SERVICE)
    section = service.get("Service") or []
    assert values(section, "ExecStart") == ["/usr/bin/parcours publish"], \
        f"ExecStart is {values(section, 'ExecStart')}, not /usr/bin/parcours publish"
    assert values(section, "Type") == ["oneshot"], "a publication is a task that ends: Type=oneshot"
    users = values(section, "User")
    assert users and users[-1] not in ("root", "0"), f"the service runs as {users or 'root'}"
    workdir = values(section, "WorkingDirectory")
    assert workdir == ["/srv/parcours/site"], f"WorkingDirectory={workdir}"
    for pre in values(section, "ExecStartPre"):
        assert pre.lstrip("-") == "/usr/bin/git pull --ff-only", f"unexpected ExecStartPre={pre}"
    # With a read-only system, the site repository (site/ is built there) stays writable.
    if values(section, "ProtectSystem") in (["strict"], ["full"], ["yes"]):
        writable = " ".join(values(section, "ReadWritePaths")).split()
        assert any(workdir[0] == w or workdir[0].startswith(w.rstrip("/") + "/") for w in writable), \
            f"{workdir[0]} is read-only for the service (ReadWritePaths={writable})"
    # It needs the network: no firewall of the studio's kind.
    assert not values(section, "IPAddressDeny"), "IPAddressDeny would stop the publication"
    assert "Install" not in service, "the service is started by its timer, not enabled on its own"


def test_units_pass_systemd_analyze_verify(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if not analyze:
        pytest.skip("systemd-analyze is not installed (Debian package systemd)")
    for path in (SERVICE, TIMER):
        shutil.copy(path, tmp_path / path.name)
    result = subprocess.run([analyze, "verify", str(tmp_path / SERVICE.name), str(tmp_path / TIMER.name)],
                            capture_output=True, text=True, timeout=60)
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    # Parcours itself need not be installed on the machine that runs the tests.
    if not Path("/usr/bin/parcours").exists():
        lines = [line for line in lines if "Command /usr/bin/parcours is not executable" not in line]
    assert not lines, "systemd-analyze verify:\n" + "\n".join(lines)


# --- publish.yaml ---------------------------------------------------------------------

NEEDED = {
    "rsync": {"host", "user", "path"},
    "sftp": {"host", "user", "path"},
    "git": {"repository"},             # branch: gh-pages by default
}
ALLOWED = {
    "rsync": {"name", "type", "host", "port", "user", "path", "identity_file", "known_hosts"},
    "sftp": {"name", "type", "host", "port", "user", "path", "identity_file", "known_hosts"},
    "git": {"name", "type", "repository", "branch", "identity_file", "known_hosts"},
}


def test_publish_yaml_example_targets():
    data = load_yaml(PUBLISH_EXAMPLE)
    assert isinstance(data, dict) and list(data) == ["targets"], f"top-level keys {list(data or {})}"
    targets = data["targets"]
    assert isinstance(targets, list) and targets, "no target"
    names = [t.get("name") for t in targets]
    assert all(isinstance(n, str) and re.fullmatch(r"[a-z0-9][a-z0-9-]*", n) for n in names), f"names {names}"
    assert len(set(names)) == len(names), f"two targets share a name: {names}"
    assert {t.get("type") for t in targets} == set(NEEDED), "the example shows each type once: rsync, sftp, git"
    for target in targets:
        kind = target.get("type")
        assert kind in NEEDED, f"{target.get('name')}: unknown type {kind!r}"
        missing = NEEDED[kind] - set(target)
        assert not missing, f"{target['name']} ({kind}): missing {sorted(missing)}"
        unknown = set(target) - ALLOWED[kind]
        assert not unknown, f"{target['name']} ({kind}): keys it does not take {sorted(unknown)}"
        for key in NEEDED[kind]:
            assert isinstance(target[key], str) and target[key].strip(), f"{target['name']}.{key} is empty"
        if "port" in target:
            assert isinstance(target["port"], int) and 1 <= target["port"] <= 65535, f"{target['name']}.port"
        if kind in ("rsync", "sftp"):
            assert target["path"].startswith("/"), f"{target['name']}.path should be an absolute folder"
        # The key file the CI templates and the systemd service write.
        assert target.get("identity_file", KEY_FILE) == KEY_FILE, \
            f"{target['name']}.identity_file is {target.get('identity_file')!r}, the templates write {KEY_FILE}"


# --- The guide ------------------------------------------------------------------------

def test_guide_links_lead_to_files():
    text = GUIDE.read_text(encoding="utf-8")
    # Links of the prose, not the Markdown shown as an example in code.
    prose = re.sub(r"`[^`\n]*`", "", re.sub(r"^```.*?^```", "", text, flags=re.S | re.M))
    links = re.findall(r"\]\(([^)\s]+)\)", prose)
    assert links, "the guide links to nothing"
    broken = []
    for link in links:
        if re.match(r"[a-z]+:", link) or link.startswith("#"):
            continue
        target = (GUIDE.parent / link.split("#")[0]).resolve()
        if not target.exists():
            broken.append(link)
    assert not broken, f"links of docs/guide/README.md to nothing: {broken}"
    # The copy commands name the templates that exist.
    for path in (GITHUB, GITLAB, SERVICE, TIMER):
        assert str(path.relative_to(REPO)) in text, f"the guide does not say how to copy {path.relative_to(REPO)}"
