"""Real JupyterLab in headless Chromium, for the notebook-client tests.

``jupyter_lab(root)`` starts the .venv's JupyterLab on a free localhost port, serving ``root``, with a
fresh config and settings folder (no token; the app object exposed to the page so a test can run the
same commands a learner clicks). ``LabPage`` opens a file, runs every cell, saves, and reads what the
page shows. Chromium is Debian's, as for the website tests (tests/sitekit.py).
"""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def jupyter_lab(root: Path, home: Path):
    """Yield the base URL of a JupyterLab serving ``root``; its config and runtime live under ``home``."""
    port = _free_port()
    env = dict(os.environ)
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR", "JUPYTER_DATA_DIR_UNUSED"):
        env.pop(name, None)
    env.update(JUPYTER_CONFIG_DIR=str(home / "config"), JUPYTER_RUNTIME_DIR=str(home / "runtime"),
               JUPYTERLAB_SETTINGS_DIR=str(home / "settings"), JUPYTERLAB_WORKSPACES_DIR=str(home / "ws"),
               IPYTHONDIR=str(home / "ipython"))
    cmd = [str(Path(sys.executable).with_name("jupyter-lab")), "--no-browser", f"--port={port}",
           "--ServerApp.ip=127.0.0.1", "--IdentityProvider.token=", "--ServerApp.password=",
           "--ServerApp.disable_check_xsrf=True", f"--ServerApp.root_dir={root}",
           "--LabApp.expose_app_in_browser=True", "--ServerApp.open_browser=False", "--ServerApp.allow_root=True"]
    # Render every cell, not only those on screen (JupyterLab 4 virtualizes long notebooks by default),
    # so that the page's text can be read in full.
    tracker = home / "settings" / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True, exist_ok=True)
    tracker.write_text('{"windowingMode": "none"}')
    log = open(home / "lab.log", "w")
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=root)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 120
        while True:
            try:
                urllib.request.urlopen(url + "/api/status", timeout=2)
                break
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    raise RuntimeError(f"JupyterLab did not start: {(home / 'lab.log').read_text()[-2000:]}")
                time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@contextlib.contextmanager
def chromium_page(browser, width=1280, height=900):
    """A tab of its own in the session's Chromium (``sitekit.Browser``), in a fresh browser context. Only one
    Playwright may run in a process: a second ``sync_playwright()`` beside the session's refuses to start."""
    context = browser.chromium.new_context(viewport={"width": width, "height": height})
    try:
        yield context.new_page()
    finally:
        context.close()


class LabPage:
    """One JupyterLab tab, driven through its own commands (what the menus run)."""

    def __init__(self, page, url: str):
        self.page = page
        page.goto(url + "/lab", wait_until="domcontentloaded")
        page.wait_for_function("window.jupyterapp && window.jupyterapp.shell", timeout=120_000)
        page.evaluate("async () => { await window.jupyterapp.started; await window.jupyterapp.restored; }")

    def command(self, name: str, args: dict | None = None):
        return self.page.evaluate("async ([n, a]) => { await window.jupyterapp.commands.execute(n, a); }",
                                  [name, args or {}])

    def open(self, path: str, factory: str | None = None):
        args = {"path": path}
        if factory:
            args["factory"] = factory
        self.command("docmanager:open", args)
        self.page.wait_for_function(
            """(p) => { const w = window.jupyterapp.shell.currentWidget;
                         return w && w.context && w.context.path === p && w.content && w.content.widgets
                                && w.context.sessionContext.session && w.context.sessionContext.session.kernel; }""",
            arg=path, timeout=120_000)
        self.page.evaluate("async () => { await window.jupyterapp.shell.currentWidget.context.ready;"
                           " await window.jupyterapp.shell.currentWidget.sessionContext.ready; }")

    def run_all(self, timeout_s: float = 600):
        """Run every cell, as Run > Run All Cells, and wait until each code cell has run."""
        self.command("notebook:run-all-cells")
        self.page.wait_for_function(
            """() => { const w = window.jupyterapp.shell.currentWidget;
                        const k = w.sessionContext.session.kernel;
                        const code = w.content.widgets.filter(c => c.model.type === 'code');
                        return k.status === 'idle' && code.every(c => c.model.executionCount !== null
                               && !c.promptNode.textContent.includes('*')); }""",
            timeout=timeout_s * 1000, polling=1000)

    def save(self):
        self.command("docmanager:save")
        self.page.wait_for_function("() => !window.jupyterapp.shell.currentWidget.context.model.dirty",
                                    timeout=60_000)

    def summary(self) -> dict:
        """What the open notebook shows: images in outputs, rendered Markdown text, error outputs."""
        return self.page.evaluate(
            r"""() => { const w = window.jupyterapp.shell.currentWidget;
                        const nodes = [...w.node.querySelectorAll('.jp-OutputArea-output img')];
                        const md = [...w.node.querySelectorAll('.jp-RenderedMarkdown')].map(n => n.innerText);
                        const outs = [...w.node.querySelectorAll('.jp-OutputArea-output')].map(n => n.innerText);
                        const model = w.content.widgets.filter(c => c.model.type === 'code')
                            .map(c => c.model.outputs.toJSON());
                        const strong = [...w.node.querySelectorAll('.jp-RenderedMarkdown strong')]
                            .map(n => n.innerText.trim());
                        return {images: nodes.length,
                                captions: strong.filter(t => /^(Fig\.|Figure) \d+(\.\d+)*\.$/.test(t)).length,
                                images_loaded: nodes.filter(i => i.complete && i.naturalWidth > 0).length,
                                model_images: model.flat().filter(o => o.data && o.data['image/png']).length,
                                errors: model.flat().filter(o => o.output_type === 'error')
                                             .map(o => o.ename + ': ' + o.evalue),
                                markdown: md.join('\n'), outputs: outs.join('\n')}; }""")

    def screenshot_first_figure(self, path: Path):
        """Scroll the notebook to its first image output and save what the learner sees there."""
        img = self.page.locator(".jp-OutputArea-output img").first
        img.scroll_into_view_if_needed()
        self.page.screenshot(path=str(path))
