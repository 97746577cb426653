"""The build uses a matplotlib folder of its own (.ci/book_execute.py: ``<output>/_build/.matplotlib``), so a
broken font cache or a stray ``matplotlibrc`` in the user's home cannot change or fail the book.

Once a shared ``~/.cache/matplotlib`` was left half written, and the ``-W`` build failed on "findfont"
warnings. Here a home folder is planted with such a cache (the font list without its sans-serif fonts) and a
``matplotlibrc`` that asks for a font nobody has; matplotlib run there warns, and the one-page fixture book
built with that home does not.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sitekit import build_fixture_book

PLOT = ("import matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt\n"
        "fig, ax = plt.subplots()\nax.set_title('a title')\nfig.savefig({out!r})\n")


def planted_home(home: Path) -> dict:
    """An environment whose home holds a broken matplotlib cache and config; nothing else points elsewhere."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("MPLCONFIGDIR", "XDG_CACHE_HOME", "XDG_CONFIG_HOME")}
    # A sound font list from this matplotlib (its own file name and format), made in a folder of its own
    seed = home.parent / "seed"
    subprocess.run([sys.executable, "-c", "import matplotlib.font_manager"], check=True,
                   env={**env, "MPLCONFIGDIR": str(seed)})
    (sound,) = seed.glob("fontlist-*.json")
    listed = json.loads(sound.read_text())
    listed["ttflist"] = [f for f in listed["ttflist"] if "Sans" not in f["name"]]   # as a half-written list
    cache = home / ".cache" / "matplotlib"
    cache.mkdir(parents=True)
    (cache / sound.name).write_text(json.dumps(listed))
    config = home / ".config" / "matplotlib"
    config.mkdir(parents=True)
    (config / "matplotlibrc").write_text("font.family: A Planted Font Nobody Has\n")
    return {**env, "HOME": str(home)}


def test_a_broken_user_font_cache_does_not_reach_the_build(tmp_path):
    env = planted_home(tmp_path / "home")
    # The plant works: matplotlib run with that home warns that it cannot find its fonts.
    outside = subprocess.run([sys.executable, "-c", PLOT.format(out=str(tmp_path / "outside.png"))],
                             capture_output=True, text=True, env=env, cwd=tmp_path)
    assert "findfont" in outside.stderr, outside.stderr[-2000:]
    # The build with that same home: no findfont warning, and the kernel used the build's own folder.
    built = build_fixture_book(tmp_path / "book", env=env)
    assert built.returncode == 0, built.log[-4000:]
    assert "findfont" not in built.log, built.log[-4000:]
    assert list((tmp_path / "book" / "_build" / ".matplotlib").glob("fontlist-*.json")), \
        "the fixture page's kernel did not write its font list into the build's matplotlib folder"
