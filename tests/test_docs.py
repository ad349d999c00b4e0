"""The README and docs/ document what the code has: every finding code, command and census
column; their transcripts are what ktt prints; their links resolve; docs/ builds."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

from ktt_indicators import __version__
from ktt_indicators.census.findings import CATALOG
from ktt_indicators.census.schema import COLUMNS, INFO_FIELDS
from ktt_indicators.cli.app import app
from ktt_indicators.core.i18n import phrase

ROOT = Path(__file__).parents[1]
#: The README and the reference pages of docs/, each by its path.
PAGES = {
    p: p.read_text(encoding="utf-8") for p in [ROOT / "README.md", *sorted(ROOT.glob("docs/*.md"))]
}
#: Everything a user can read, as one text: where a thing is documented does not matter here.
README = "\n".join(PAGES.values())
CI_RUN = (ROOT / ".ci" / "run").read_text(encoding="utf-8")


@pytest.mark.parametrize("code", sorted(CATALOG))
def test_every_finding_code_is_documented(code: str) -> None:
    assert f"| `{code}` |" in README


@pytest.mark.parametrize("name", sorted(c.name or "" for c in app.registered_commands))
def test_every_command_is_documented(name: str) -> None:
    assert f"`ktt {name}" in README


@pytest.mark.parametrize("key", [c.key for c in COLUMNS] + [f.key for f in INFO_FIELDS])
def test_every_census_column_is_documented(key: str) -> None:
    assert f"`{key}`" in README


def test_ci_runs_exactly_the_readme_test_command() -> None:
    command = CI_RUN.strip().splitlines()[-1]
    assert command.startswith("python3 -m venv")
    assert f"\n{command}\n" in README


def test_every_finding_has_both_languages() -> None:
    for kind in CATALOG.values():
        message = f"finding.{kind.code}.message"
        assert phrase(message, "vi") != phrase(message, "en"), kind.code
        assert kind.title("vi") and kind.title("en"), kind.code


def test_every_module_is_in_the_layout_table() -> None:
    package = Path(__file__).parents[1] / "src" / "ktt_indicators"
    modules = sorted(
        p.relative_to(package).as_posix() for p in package.rglob("*.py") if p.name != "__init__.py"
    )
    assert [m for m in modules if f"`{m}`" not in README] == []


def _transcripts() -> ModuleType:
    path = Path(__file__).parents[1] / "scripts" / "transcripts.py"
    spec = importlib.util.spec_from_file_location("transcripts", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("page", list(PAGES), ids=lambda p: p.name)
def test_the_transcripts_are_what_ktt_prints(page: Path) -> None:
    """Each `$ ktt …` block of a page is the output of a real run (scripts/transcripts.py)."""
    made = _transcripts().render(PAGES[page])
    assert made == PAGES[page], (
        f"{page.name}'s transcripts are out of step: run scripts/transcripts.py"
    )


def test_the_script_makes_the_transcripts_of_every_page() -> None:
    assert list(PAGES) == _transcripts().PAGES


#: A Markdown link's target: ``[text](target)``.
LINK = re.compile(r"\]\(([^)\s]+)\)")


def _anchors(text: str) -> set[str]:
    """The anchors of a page's headings, as mkdocs and GitHub make them."""
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    heads = re.findall(r"^#+ (.*)$", text, flags=re.M)
    slugs = (re.sub(r"[^\w\- ]", "", re.sub(r"[`*_\[\]()]", "", h.strip().lower())) for h in heads)
    return {s.replace(" ", "-") for s in slugs}


@pytest.mark.parametrize("page", list(PAGES), ids=lambda p: p.name)
def test_every_link_of_a_page_resolves(page: Path) -> None:
    broken = []
    for target in LINK.findall(re.sub(r"```.*?```", "", PAGES[page], flags=re.S)):
        if re.match(r"[a-z]+:", target):
            continue  # a web address
        path, _, anchor = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        wrong_anchor = anchor and file.suffix == ".md" and file.exists()
        if not file.exists() or (wrong_anchor and anchor not in _anchors(file.read_text("utf-8"))):
            broken.append(target)
    assert broken == []


def test_the_readme_links_every_page_of_the_docs() -> None:
    readme = PAGES[ROOT / "README.md"]
    pages = [p for p in PAGES if p.parent.name == "docs" and p.name != "index.md"]
    assert [p.name for p in pages if f"(docs/{p.name})" not in readme] == []


def test_the_docs_build_with_one_command(tmp_path: Path) -> None:
    """``mkdocs build --strict``: every page in the navigation, every link between pages and
    every anchor right. Skipped where the ``docs`` extra is not installed."""
    pytest.importorskip("mkdocs")
    import subprocess
    import sys

    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert [p.name for p in PAGES if p.parent.name == "docs" and p.name not in nav] == []
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "site")],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert build.returncode == 0, build.stderr
    assert (tmp_path / "site" / "findings" / "index.html").exists()


def test_every_ktt_transcript_of_the_readme_is_made_by_the_script() -> None:
    marked = "".join(m[0] for m in _transcripts().BLOCK.finditer(README))  # every page
    blocks = re.findall(r"```text\n\$ ktt[^\n]*\n", README)
    assert len(blocks) >= 5
    assert [b for b in blocks if b not in marked] == []


def test_a_transcript_is_the_real_output_and_can_be_cut() -> None:
    script = _transcripts()
    page = (
        "before\n<!-- transcript: ktt --version -->\nold\n<!-- /transcript -->\n"
        "<!-- transcript: ktt chek --lang en (first 2 lines) -->\n<!-- /transcript -->\n"
    )
    assert script.render(page) == (
        "before\n<!-- transcript: ktt --version -->\n"
        f"```text\n$ ktt --version\nktt {__version__}\n```\n<!-- /transcript -->\n"
        "<!-- transcript: ktt chek --lang en (first 2 lines) -->\n"
        "```text\n$ ktt chek --lang en\n"
        "Usage: ktt [OPTIONS] COMMAND [ARGS]...\nTry 'ktt -h' for help.\n…\n```\n"
        "<!-- /transcript -->\n"
    )
