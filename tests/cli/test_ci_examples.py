"""examples/ci/ and .pre-commit-hooks.yaml: the commands they run, and their shell scripts run
for real in a git repository whose spreadsheets have Vietnamese names with spaces."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
import yaml

from conftest import write_census

ROOT = Path(__file__).resolve().parents[2]
GITHUB = ROOT / "examples" / "ci" / "github-actions.yml"
GITLAB = ROOT / "examples" / "ci" / "gitlab-ci.yml"
ZERO = "0" * 40
#: The spreadsheets the second commit adds: a valid one and one with an error.
ADDED = ["nộp bài/Quận Ninh Kiều.xlsx", "nộp bài/Cờ Đỏ (có lỗi).XLSX"]


def _github_step() -> dict[str, Any]:
    workflow = yaml.safe_load(GITHUB.read_text(encoding="utf-8"))
    (step,) = [s for s in workflow["jobs"]["check"]["steps"] if "ktt check" in s.get("run", "")]
    return dict(step)


def _gitlab_job() -> dict[str, Any]:
    job: dict[str, Any] = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))["ktt-check"]
    return job


def test_github_workflow_reports_both_ways_and_keeps_the_junit_report() -> None:
    workflow = yaml.safe_load(GITHUB.read_text(encoding="utf-8"))
    steps = workflow["jobs"]["check"]["steps"]
    assert steps[0]["uses"].startswith("actions/checkout@")
    assert steps[0]["with"]["fetch-depth"] == 0
    step = _github_step()
    script = step["run"]
    assert step["shell"] == "bash"
    assert "git -c core.quotePath=false diff -z --name-only --diff-filter=ACMR" in script
    assert "mapfile -d ''" in script
    assert "--format github || status=$?" in script
    assert "--format junit -o ktt-check.xml" in script
    assert script.rstrip().endswith('exit "$status"')
    assert "github.event.before" in step["env"]["BASE"]
    assert "default_branch" in step["env"]["DEFAULT_BRANCH"]
    (upload,) = [s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert upload["with"]["path"] == "ktt-check.xml"
    assert "always()" in upload["if"]  # after a failed check too
    assert steps.index(upload) > steps.index(step)


def test_gitlab_job_reports_junit_even_when_it_fails() -> None:
    job = _gitlab_job()
    script = "\n".join(job["script"])
    assert "git -c core.quotePath=false diff -z --name-only --diff-filter=ACMR" in script
    assert "mapfile -d ''" in script
    assert "--format junit -o ktt-check.xml || status=$?" in script
    assert "CI_COMMIT_BEFORE_SHA" in script and "CI_DEFAULT_BRANCH" in script
    assert job["variables"]["GIT_DEPTH"] == 0
    assert job["artifacts"] == {"when": "always", "reports": {"junit": "ktt-check.xml"}}


def test_pre_commit_hook_checks_the_staged_spreadsheets_together() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["entry"] == "ktt check --git" and hook["language"] == "python"
    # ktt asks git for the files: pre-commit would cut a long list into several calls.
    assert hook["pass_filenames"] is False
    assert hook["require_serial"] is True
    files = re.compile(hook["files"])
    assert all(files.search(name) for name in ["a.xlsx", "Báo cáo.XLSX", "b.ods", "c.Xls"])
    assert not any(files.search(name) for name in ["a.csv", "xlsx.txt", "a.xlsx.bak"])
    exclude = re.compile(hook["exclude"])  # Excel's lock files
    assert all(exclude.search(name) for name in ["~$a.xlsx", "nộp bài/~$Báo cáo.XLSX"])
    assert not any(exclude.search(name) for name in ["a.xlsx", "x~$y.xlsx", "~$d/a.xlsx"])


# ------------------------------------------------------------------ the scripts, run


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True)
    return done.stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository: a first commit with two spreadsheets, then a commit that adds two with
    Vietnamese names and spaces and an Excel lock file, deletes one, and changes a file that
    is no spreadsheet."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "config", "user.email", "ci@example.com")
    _git(repo, "config", "user.name", "CI")
    write_census(repo / "cũ.xlsx", [{"ma_so": "1800000001"}])
    write_census(repo / "xoá đi.xlsx", [{"ma_so": "1800000002"}])
    (repo / "ghi chú.txt").write_text("1", encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "first")
    (repo / "nộp bài").mkdir()
    write_census(repo / ADDED[0], [{"ma_so": "1800000011"}])
    write_census(repo / ADDED[1], [{"ma_so": "1800000012", "so_thanh_vien": "mười"}])
    # Excel's lock file, committed by mistake while the workbook was open: never checked
    (repo / "nộp bài" / "~$Quận Ninh Kiều.xlsx").write_bytes(b"\x02an".ljust(54) + bytes(111))
    (repo / "xoá đi.xlsx").unlink()
    (repo / "ghi chú.txt").write_text("2", encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "second")
    return repo


def _run(which: str, repo: Path, base: str, path: str) -> subprocess.CompletedProcess[str]:
    """Run the workflow's script as the CI server would: bash -eo pipefail, its variables set."""
    head = _git(repo, "rev-parse", "HEAD")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CI_", "KTT_"))}
    env["PATH"] = path
    if which == "github":
        script = _github_step()["run"]
        env.update(BASE=base, HEAD=head, DEFAULT_BRANCH="main")
    else:
        script = "\n".join(_gitlab_job()["script"])
        env.update(CI_COMMIT_BEFORE_SHA=base, CI_COMMIT_SHA=head, CI_DEFAULT_BRANCH="main")
    command = ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script]
    return subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True, timeout=60)


@pytest.fixture
def fake_ktt(tmp_path: Path) -> Path:
    """A ``ktt`` that records its arguments (one JSON line a call), writes what -o names and
    exits with $FAKE_EXIT."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "ktt"
    fake.write_text(
        f"#!{sys.executable}\n"
        "import json, os, sys\n"
        "args = sys.argv[1:]\n"
        "with open(os.environ['FAKE_CALLS'], 'a', encoding='utf-8') as calls:\n"
        "    calls.write(json.dumps(args) + '\\n')\n"
        "if '-o' in args:\n"
        "    open(args[args.index('-o') + 1], 'w').close()\n"
        "sys.exit(int(os.environ['FAKE_EXIT']))\n",
        encoding="utf-8",
    )
    fake.chmod(0o755)
    return bin_dir


@pytest.mark.parametrize("which", ["github", "gitlab"])
@pytest.mark.parametrize(
    ("scenario", "expected"),
    [
        ("push", ADDED),  # the commit before the push is known
        ("new-branch", ADDED),  # all zeros: what the branch changed since it left main
        ("first-push", ["cũ.xlsx", *ADDED]),  # all zeros and no main: every spreadsheet
        ("nothing", []),  # no spreadsheet changed: ktt is not run
    ],
)
@pytest.mark.parametrize("status", [0, 1])
def test_the_script_passes_every_changed_file_whole_and_fails_with_ktt(
    repo: Path,
    fake_ktt: Path,
    monkeypatch: pytest.MonkeyPatch,
    which: str,
    scenario: str,
    expected: list[str],
    status: int,
) -> None:
    first, head = _git(repo, "rev-parse", "HEAD~1"), _git(repo, "rev-parse", "HEAD")
    base = {"push": first, "nothing": head}.get(scenario, ZERO)
    if scenario == "new-branch":
        _git(repo, "update-ref", "refs/remotes/origin/main", first)
    calls = repo.parent / "calls.jsonl"
    monkeypatch.setenv("FAKE_CALLS", str(calls))
    monkeypatch.setenv("FAKE_EXIT", str(status))
    result = _run(which, repo, base, f"{fake_ktt}{os.pathsep}{os.environ['PATH']}")
    made = (
        [json.loads(line) for line in calls.read_text(encoding="utf-8").splitlines()]
        if calls.exists()
        else []
    )
    if not expected:
        assert (result.returncode, made) == (0, []), result.stderr
        assert "No spreadsheet changed." in result.stdout
        return
    assert result.returncode == status, result.stderr
    # Both reports are made even when the first finds errors; ktt sees each name whole.
    first_format = ["--format", "github"] if which == "github" else ["--format", "junit"]
    n = 1 + len(expected)
    assert [call[:n] for call in made] == [["check", *sorted(expected)]] * 2
    assert made[0][n : n + 2] == first_format
    assert ["--format", "junit", "-o", "ktt-check.xml"] in [call[n:] for call in made]
    assert (repo / "ktt-check.xml").exists()


def test_the_github_script_with_the_real_ktt(repo: Path) -> None:
    ktt = Path(sys.executable).with_name("ktt")
    if not ktt.exists():
        pytest.skip("ktt is not installed next to this Python")
    result = _run("github", repo, _git(repo, "rev-parse", "HEAD~1"),
                  f"{ktt.parent}{os.pathsep}{os.environ['PATH']}")  # fmt: skip
    assert result.returncode == 1, result.stderr  # one file has an error: the job fails
    annotations = result.stdout.splitlines()
    assert annotations and all(a.startswith("::") for a in annotations)
    assert any(a.startswith(f"::error file={ADDED[1]},title=wrong-type::") for a in annotations)
    root = ET.parse(repo / "ktt-check.xml").getroot()  # and the JUnit report is there
    suites = root.findall("testsuite")
    assert sorted(s.get("name") for s in suites) == sorted(ADDED)
    failing = [c.get("classname") for c in root.iter("testcase") if c.find("failure") is not None]
    assert failing == [ADDED[1]]


# ------------------------------------------------------------------ the pre-commit hook, run


def _workbook_parts(code: str) -> dict[str, bytes]:
    """The parts of a one-organization census whose code is ``code``."""
    import io
    import zipfile

    buffer = io.BytesIO()
    write_census(buffer, [{"ma_so": code}])  # type: ignore[arg-type]
    with zipfile.ZipFile(buffer) as z:
        return {name: z.read(name) for name in z.namelist()}


def _write_copies(repo: Path, names: list[str], codes: list[str]) -> None:
    """One workbook per name, each a copy of one census with its code replaced: a thousand
    files in a second, where openpyxl would take half a minute."""
    import zipfile

    placeholder = "1899999999"
    parts = _workbook_parts(placeholder)
    for name, code in zip(names, codes, strict=True):
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for part, data in parts.items():
                z.writestr(part, data.replace(placeholder.encode(), code.encode()))


def _ktt_bin() -> Path:
    ktt = Path(sys.executable).with_name("ktt")
    if not ktt.exists():
        pytest.skip("ktt is not installed next to this Python")
    return ktt.parent


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_pre_commit_fails_on_a_code_shared_by_two_of_a_thousand_staged_files(
    tmp_path: Path,
) -> None:
    """pre-commit would cut the names (about 200 bytes each) into several calls of the hook;
    the first file and the last share a code. The hook of .pre-commit-hooks.yaml, run by
    pre-commit itself (language: system, so that no environment is installed)."""
    pre_commit = Path(sys.executable).with_name("pre-commit")
    if shutil.which("git") is None or not pre_commit.exists():
        pytest.skip("git or pre-commit is not installed")
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    folder = "Báo cáo điều tra kinh tế tập thể năm 2025/Quận Ninh Kiều"
    names = [f"{folder}/Hợp tác xã nông nghiệp dịch vụ tổng hợp thương mại và du lịch cộng "
             f"đồng số {n:04d} phường Tân An.xlsx" for n in range(1000)]  # fmt: skip
    assert sum(len(os.fsencode(n)) + 1 for n in names) > 2**17  # more than one call's worth
    codes = [f"18{n:08d}" for n in range(999)] + ["1800000000"]
    _write_copies(repo, names, codes)
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    config = {"repos": [{"repo": "local", "hooks": [{**hook, "language": "system"}]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    _git(repo, "add", "-A")
    env = {k: v for k, v in os.environ.items() if not k.startswith("KTT_")}
    env |= {"PATH": f"{_ktt_bin()}{os.pathsep}{env['PATH']}", "PRE_COMMIT_HOME": str(tmp_path)}
    done = subprocess.run([str(pre_commit), "run"], cwd=repo, env=env, capture_output=True,
                          text=True, timeout=300)  # fmt: skip
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Failed" in done.stdout
    shown = _flat(done.stdout)
    # The last file's error names the first.
    assert _flat(f"{names[-1]}: không hợp lệ") in shown
    assert _flat(f"Mã số «1800000000» đã có ở {names[0]}") in shown


@pytest.fixture
def committed(tmp_path: Path) -> Path:
    """A repository with two committed censuses (codes …01 and …02)."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "kho"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "config", "user.email", "ci@example.com")
    _git(repo, "config", "user.name", "CI")
    write_census(repo / "Quận Ninh Kiều.xlsx", [{"ma_so": "1800000001"}])
    write_census(repo / "Cái Răng.xlsx", [{"ma_so": "1800000002"}])
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "first")
    return repo


def _check_git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KTT_")}
    command = [str(_ktt_bin() / "ktt"), "check", "--git", "--lang", "en", *args]
    return subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True, timeout=60)


def test_a_staged_file_is_judged_against_the_committed_ones(committed: Path) -> None:
    write_census(committed / "Bình Thủy.xlsx", [{"ma_so": "1800000001"}])
    write_census(committed / "chưa thêm.xlsx", [{"ma_so": "1800000002"}])  # not staged
    _git(committed, "add", "Bình Thủy.xlsx")
    done = _check_git(committed, "--format", "json")
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert [f["path"] for f in report["files"]] == ["Bình Thủy.xlsx"]  # only what is staged
    (error,) = report["files"][0]["errors"]
    assert error["code"] == "duplicate-code" and "Quận Ninh Kiều.xlsx" in error["message"]


def test_with_nothing_staged_every_tracked_spreadsheet_is_checked(committed: Path) -> None:
    done = _check_git(committed, "--format", "json")
    assert done.returncode == 0, done.stderr
    paths = [f["path"] for f in json.loads(done.stdout)["files"]]
    assert sorted(paths) == ["Cái Răng.xlsx", "Quận Ninh Kiều.xlsx"]


def test_git_is_needed_for_git(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    done = _check_git(tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("Error: --git needs a git repository:")


@pytest.mark.parametrize("which", ["github", "gitlab"])
def test_the_examples_install_ktt_from_its_repository_pinned(which: str) -> None:
    """ktt is not on PyPI: `pip install ktt-indicators` would install whatever someone
    registered under that name. The examples install from a git URL at a tag or commit."""
    from pip._vendor.packaging.requirements import Requirement

    if which == "github":
        steps = yaml.safe_load(GITHUB.read_text(encoding="utf-8"))["jobs"]["check"]["steps"]
        (step,) = [s for s in steps if "pip install" in s.get("run", "")]
        commands, env = [step["run"]], step["env"]
    else:
        job = _gitlab_job()
        commands = [c for c in job["before_script"] if "pip install" in c]
        env = job["variables"]
    (command,) = commands
    assert "REPLACE-WITH" in env["KTT_REPOSITORY"] and "REPLACE-WITH" in env["KTT_REVISION"]
    match = re.fullmatch(r'pip install "([^"]+)"', command.strip())
    assert match, command
    # As the shell expands it, with the placeholders filled in.
    filled = match[1].replace("${KTT_REPOSITORY}", "https://git.example.vn/ktt/ktt.git")
    requirement = Requirement(filled.replace("${KTT_REVISION}", "v0.1.0"))
    assert requirement.name == "ktt-indicators"
    assert requirement.url == "git+https://git.example.vn/ktt/ktt.git@v0.1.0"
    text = (GITHUB if which == "github" else GITLAB).read_text(encoding="utf-8")
    assert "pip install ktt-indicators" not in text
