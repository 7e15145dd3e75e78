"""A bad setting in conf.py is one located warning (file and line) and the default is used."""

from __future__ import annotations


def test_a_bad_value_in_conf_py_names_its_line(build, copy_root):
    src = copy_root("basic")
    conf = src / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + '\nlongform_navigation = "sideways"\n', encoding="utf-8")
    line = conf.read_text(encoding="utf-8").splitlines().index('longform_navigation = "sideways"') + 1
    app = build(src, freshenv=True)
    expected = (
        f"{conf}:{line}: WARNING: longform_navigation = 'sideways' cannot be used — it must be 'scoped' or 'full'; "
        "using 'scoped' [longform.config]"
    )
    assert expected in app.warnings, app.warnings
    assert app.config.longform_navigation == "scoped"
