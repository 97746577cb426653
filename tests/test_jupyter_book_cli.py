"""The build's launcher (.ci/jupyter_book_cli.py) keeps jsonschema's IRI grammar compiler out of the build.

The warm rebuild's budget (under 5 s, benchmarks/run.py) depends on it: importing ``rfc3987_syntax``
compiled 38 Lark grammars, 2.1 s of CPU, in every ``jupyter-book`` start-up. No timing here (timings live in
the benchmark): the test looks at which modules the process imported, with ``python -X importtime``.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO, jupyter_book


def imported_modules(cmd: list[str], book: Path) -> set[str]:
    """The modules a ``jupyter-book config sphinx BOOK`` run imported (it reads and validates _config.yml)."""
    proc = subprocess.run([cmd[0], "-X", "importtime", *cmd[1:], "config", "sphinx", str(book)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return {line.rsplit("|", 1)[1].strip() for line in proc.stderr.splitlines()
            if line.startswith("import time:") and line.count("|") == 2}


def test_the_launcher_validates_the_config_without_compiling_iri_grammars(tmp_path):
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy(REPO / name, tmp_path / name)
    launched = imported_modules(jupyter_book(), tmp_path)
    assert "jsonschema" in launched, "the run did not reach jupyter-book's config validation"
    assert "lark" not in launched and "rfc3987_syntax.syntax_helpers" not in launched
    # The check catches the fault it is there for: plain jupyter-book imports the grammar compiler.
    plain = imported_modules([sys.executable, str(Path(sys.executable).with_name("jupyter-book"))], tmp_path)
    assert "rfc3987_syntax.syntax_helpers" in plain and "lark" in plain
