"""``jupyter-book``, started without two seconds of imports the build never uses.

    python .ci/jupyter_book_cli.py build -W -n --keep-going .     (the same arguments as jupyter-book)

Every build of this book goes through here (.ci/book, the PDF edition, the tests' builds, the benchmark);
a plain ``jupyter-book build .`` builds the same book, only slower to start.

Why: jupyter-book imports ``jsonschema`` to validate ``_config.yml``, and ``jsonschema`` imports
``rfc3987_syntax`` (installed here for ``jupyter-events``, which JupyterLab needs) to offer an "iri" format
check. ``rfc3987_syntax`` compiles 38 Lark grammars when it is imported: about 2.1 s of CPU, which was 40 %
of a warm rebuild (profiled with cProfile, 2026-12-02). jupyter-book validates without format checks, so
nothing in the build calls it. With the module marked as absent, ``jsonschema`` skips that one optional
check (its own ``suppress(ImportError)``) and everything else is unchanged. No library offers a switch for
this, hence the few lines here.
"""
from __future__ import annotations

import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve()
#: Imported by jupyter-book's dependencies at start-up, used by nothing in the build (see the docstring).
UNUSED_AT_BUILD = ("rfc3987_syntax",)


def command(*args) -> list[str]:
    """The argv of a jupyter-book run through this launcher, with the calling interpreter."""
    return [sys.executable, str(SCRIPT), *map(str, args)]


def main() -> int:
    # `python .ci/jupyter_book_cli.py` put .ci/ first on sys.path; jupyter-book adds local extensions'
    # folders at the end, so a fixture book's own copy of an extension must not be shadowed by ours.
    if sys.path and Path(sys.path[0] or ".").resolve() == SCRIPT.parent:
        del sys.path[0]
    for name in UNUSED_AT_BUILD:
        sys.modules.setdefault(name, None)      # `import name` now raises ImportError
    from jupyter_book.cli.main import main as jupyter_book

    sys.argv[0] = "jupyter-book"
    return jupyter_book()


if __name__ == "__main__":
    sys.exit(main())
