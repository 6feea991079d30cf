"""Every command the README prints, and those `make demo` suggests at its end, runs as
written against a fresh demo database (through a `psc` on the PATH, as staff type them)."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _commands(text: str) -> list[str]:
    """`psc …` lines of the text's code blocks, continuations joined, `;` split, comments
    dropped."""
    found: list[str] = []
    for block in re.findall(r"```\n(.*?)```", text, flags=re.DOTALL):
        joined = re.sub(r"\\\n\s*", " ", block)
        for line in joined.splitlines():
            words = shlex.split(line, comments=True)
            if not words or words[0] != "psc":
                continue
            command: list[str] = []
            for word in [*words, ";"]:
                if word == ";":
                    if command:
                        found.append(shlex.join(command))
                    command = []
                else:
                    command.append(word)
    return found


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return _commands(text.split("## Using `psc`")[1].split("## Using the library")[0])


def demo_commands() -> list[str]:
    """The commands `make demo` prints after "Try:"."""
    lines = [m for m in re.findall(r'@echo "\s+(psc .*)"', (ROOT / "Makefile").read_text())]
    return _commands("```\n" + "\n".join(lines) + "\n```")


@pytest.fixture(scope="module")
def demo_made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh demo database, made once (each language gets a copy)."""
    folder = tmp_path_factory.mktemp("made")
    env = {**_base_env(folder), "PSC_LANG": "ja"}
    for args in (["init", "--admin", "sato.h", "--name", "佐藤 裕子"], ["--as", "sato.h", "demo"]):
        done = subprocess.run(["psc", *args], env=env, cwd=folder, capture_output=True,
                              text=True, timeout=600)
        assert done.returncode == 0, done.stderr
    return folder


def _base_env(folder: Path) -> dict[str, str]:
    """A `psc` on the PATH, the folder's database and keys."""
    shim = folder / "bin"
    if not shim.exists():
        shim.mkdir()
        (shim / "psc").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m psccore "$@"\n')
        (shim / "psc").chmod(0o755)
    env = {**os.environ, "PATH": f"{shim}:{os.environ['PATH']}",
           "PSC_DATABASE_URL": f"sqlite:///{folder / 'demo.db'}",
           "PSC_KEY_FILE": str(folder / "demo.keys"), "COLUMNS": "120"}
    env.pop("PSC_USER", None)
    return env


@pytest.fixture(params=["ja", "en"])
def demo(request: pytest.FixtureRequest, demo_made: Path,
         tmp_path: Path) -> dict[str, str]:
    """A fresh copy of the demo database, the language in force (PSC_LANG)."""
    for name in ("demo.db", "demo.keys"):
        shutil.copy2(demo_made / name, tmp_path / name)
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    return {**_base_env(tmp_path), "PSC_LANG": request.param, "PSC_USER": "sato.h",
            "HOME_FOLDER": str(tmp_path)}


def _run(command: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, shell=True, env=env, cwd=env["HOME_FOLDER"],
                          capture_output=True, text=True, timeout=600,
                          stdin=subprocess.DEVNULL)


def test_the_readme_lists_commands() -> None:
    assert len(readme_commands()) > 30 and len(demo_commands()) >= 3


def test_every_readme_and_demo_command_runs(demo: dict[str, str]) -> None:
    """In each language: a README command typing a Japanese label works in English too
    (labels in either language are accepted)."""
    failed = []
    for command in [*readme_commands(), *demo_commands()]:
        done = _run(command, demo)
        if done.returncode != 0:
            failed.append(f"{command}\n  → {done.returncode}: {done.stderr.strip()[:400]}")
    assert failed == [], "\n".join(failed)


def test_the_answers_speak_the_language_in_force(demo: dict[str, str]) -> None:
    shown = _run("psc programs ; psc case list --limit 3", demo)
    assert shown.returncode == 0, shown.stderr
    english = ["support menu", "caseworker", "programs"]
    japanese = ["支援メニュー", "担当", "事業"]
    if demo["PSC_LANG"] == "en":
        assert all(w in shown.stdout for w in english)
        assert not any(w in shown.stdout for w in japanese)
    else:
        assert all(w in shown.stdout for w in japanese), shown.stdout


def test_shell_completion_as_documented(demo: dict[str, str]) -> None:
    if demo["PSC_LANG"] == "en":
        pytest.skip("completion is checked once")
    done = _run("_PSC_COMPLETE=bash_source psc", demo)
    assert done.returncode == 0 and "complete" in done.stdout
    words = _run("COMP_WORDS='psc record add 1 --kind ' COMP_CWORD=5 "
                 "_PSC_COMPLETE=bash_complete psc", demo)
    assert "電話" in words.stdout


def test_bin_psc_runs_the_checkouts_command() -> None:
    wrapper = ROOT / "bin" / "psc"
    assert os.access(wrapper, os.X_OK)
    if not (ROOT / ".venv" / "bin" / "psc").exists():
        pytest.skip("no .venv in this checkout (make demo makes it)")
    done = subprocess.run([str(wrapper), "--version"], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0 and "psc" in done.stdout
