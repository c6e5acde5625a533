"""Work shared between both cores: done in forked workers in a process with one thread (a test
process under pytest-xdist has more, so each check runs in a process of its own), and in-process
where forking is not safe."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from conftest import ROOT

FORKED = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    from chronology.cores import Background, on_both_cores
    from chronology.pages import write_files

    folder = Path(sys.argv[1])
    assert list(on_both_cores(pow, [(2, n) for n in range(40)], many=1)) == [2 ** n for n in range(40)]
    assert Background(os.getpid).result() != os.getpid()  # made in another process
    Background(dict, {"downloads/a.txt": "Қазақстан"}).finish(write_files, folder)
    assert (folder / "downloads" / "a.txt").read_text(encoding="utf-8") == "Қазақстан"
    try:
        Background(int, "not a number").result()
    except ValueError as error:
        assert "not a number" in str(error)
    else:
        raise AssertionError("the worker's error was not raised")
    try:
        Background(dict, {"a.txt": "x"}).finish(write_files, folder / "downloads" / "a.txt")
    except OSError:
        pass
    else:
        raise AssertionError("the worker's error in using its value was not raised")
    print("ok")
""")


def test_forked_workers_return_their_values_use_them_and_raise_their_errors(tmp_path):
    result = subprocess.run([sys.executable, "-c", FORKED, str(tmp_path)], capture_output=True, text=True, timeout=120,
                            env=os.environ | {"PYTHONPATH": str(ROOT / "scripts")})
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr


def test_where_forking_is_unsafe_the_work_is_done_in_process(tmp_path):
    import threading

    from chronology.cores import Background
    from chronology.pages import write_files

    stop = threading.Event()
    helper = threading.Thread(target=stop.wait)
    helper.start()  # a second thread: forking is not safe
    try:
        assert Background(os.getpid).result() == os.getpid()
        Background(dict, {"a.txt": "text"}).finish(write_files, tmp_path)
        assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "text"
    finally:
        stop.set()
        helper.join()
