"""Publishing: the Pages workflow builds with the README's command and deploys _build/html, and
.ci/publish_notebooks puts every chapter's .ipynb exactly where the page's Colab button points."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from urllib.parse import urlsplit

import pytest
import yaml

from conftest import REPO
from sitekit import book_config, notebook_kind

WORKFLOW = REPO / ".github" / "workflows" / "pages.yml"


def test_pages_workflow_builds_like_the_readme_and_deploys_the_html():
    # The README's build commands (the website, or the website and the PDF): the workflow runs one of them.
    readme_builds = {m.strip() for m in re.findall(r"^(bash \.ci/book(?: --\w+)*)", (REPO / "README.md").read_text(), re.M)}
    jobs = yaml.safe_load(WORKFLOW.read_text())["jobs"]
    steps = [s for job in jobs.values() for s in job["steps"]]
    runs = [s.get("run", "").strip() for s in steps]
    built = [r for r in runs if r in readme_builds]
    assert built, (runs, readme_builds)
    readme_build = built[0]
    assert "bash .ci/publish_notebooks" in runs, runs
    assert runs.index(readme_build) < runs.index("bash .ci/publish_notebooks")
    upload = [s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact")]
    assert upload and upload[0]["with"]["path"] == "_build/html"
    assert any(s.get("uses", "").startswith("actions/deploy-pages") for s in steps)


def git(*args, cwd):
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


@pytest.mark.book
def test_publish_notebooks_puts_each_download_where_colab_looks(notebook_site, tmp_path):
    site, docs = notebook_site
    remote, clone = tmp_path / "remote.git", tmp_path / "clone"
    git("init", "--quiet", "--bare", str(remote), cwd=tmp_path)
    git("clone", "--quiet", str(REPO), str(clone), cwd=tmp_path)
    shutil.copy(REPO / ".ci" / "publish_notebooks", clone / ".ci" / "publish_notebooks")  # the working copy
    env = {**os.environ, "PYTHON": sys.executable}
    subprocess.run(["bash", ".ci/publish_notebooks", str(site.html), str(remote)], cwd=clone, env=env,
                   check=True, capture_output=True, text=True)
    cfg = book_config()
    branch = cfg["sphinx"]["config"]["book_notebooks_branch"]
    published = set(git("ls-tree", "-r", "--name-only", branch, cwd=remote).split())
    for doc in docs:
        page = (site.html / f"{doc}.html").read_text(encoding="utf-8")
        colab = re.search(r'href="(https://colab\.research\.google\.com/[^"]+)"', page).group(1)
        path = re.match(r"/github/[^/]+/[^/]+/blob/([^/]+)/(.+)", urlsplit(colab).path)
        assert path, colab
        if notebook_kind(doc, site.source) == "ipynb":
            # a notebook file in the repository: Colab opens it where it is, on the book's branch
            assert path.group(1) == cfg["repository"]["branch"] and (site.source / path.group(2)).is_file(), colab
            continue
        assert path.group(1) == branch and path.group(2) in published, f"{colab}: not on the {branch} branch"
        blob = git("show", f"{branch}:{path.group(2)}", cwd=remote)
        assert blob == (site.html / "_sources" / f"{doc}.ipynb").read_text(encoding="utf-8")
    # Binder builds its environment from the same branch, from binder/ (read before requirements.txt).
    assert {"binder/requirements.txt", "binder/runtime.txt", "binder/postBuild"} <= published
