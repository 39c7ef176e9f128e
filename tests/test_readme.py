"""The README tells the truth: its commands, the Makefile, .ci/run, the series and figures."""

from __future__ import annotations

import ast
import re
import sys

import nbformat
import pytest

from .conftest import REPO
from .test_notebooks import NOTEBOOKS

README = (REPO / "README.md").read_text(encoding="utf-8")
MAKEFILE = (REPO / "Makefile").read_text(encoding="utf-8")
CI_RUN = (REPO / ".ci" / "run").read_text(encoding="utf-8")


def first_code_block(text: str) -> list[str]:
    block = re.search(r"```bash\n(.*?)```", text, re.DOTALL)
    assert block, "no bash code block in the README"
    return [line.split("#")[0].strip() for line in block.group(1).splitlines() if line.strip()]


def test_the_two_commands_come_first():
    assert first_code_block(README) == ["make run", "make test"]
    assert README.index("## Two commands") < README.index("### With conda instead") \
        < README.index("## The series")


def test_every_make_target_the_readme_names_exists():
    targets = set(re.findall(r"^([a-z]+):", MAKEFILE, re.MULTILINE))
    named = set(re.findall(r"`make ([a-z]+)", README))
    assert {"run", "test", "lab", "data", "notebooks", "bench", "lint", "clean"} <= named
    assert named <= targets, f"the README names missing targets: {named - targets}"


def test_ci_runs_the_readmes_test_command_first_then_only_the_listed_ci_passes():
    commands = [line.strip() for line in CI_RUN.splitlines()
                if line.strip() and not line.strip().startswith(("#", "set ", "cd ", "export "))]
    # DESIGN section 6: the README's test command first; after it, only CI-only passes that
    # the README lists, each a script of this repository run by the environment make built.
    assert commands[0] == "make test"
    ci_section = README[README.index("### Continuous integration"):]
    for command in commands[1:]:
        interpreter, script = command.split()
        assert interpreter == ".venv/bin/python" and (REPO / script).is_file(), command
        assert f"`{script}`" in ci_section, f"the README does not list {script}"
    assert "SIGN_DIGITS_ARCHIVE=" in CI_RUN and "SIGN_DIGITS_REQUIRED=1" in CI_RUN
    # make test = make check (pytest) + the portability passes: tests/test_portability.py
    assert re.search(r"^test: check\b", MAKEFILE, re.MULTILINE)


def test_the_table_of_contents_lists_every_notebook_with_its_figure():
    for path in NOTEBOOKS:
        number = path.name[:2]
        row = next((line for line in README.splitlines() if line.startswith(f"| {number} |")),
                   None)
        assert row, f"notebook {path.name} is missing from the README's table"
        assert f"(notebooks/{path.name})" in row
        assert f'src="docs/figures/{number}.png"' in row


def test_every_local_link_in_the_readme_exists():
    for target in re.findall(r"\]\(([^)#]+)\)|src=\"([^\"]+)\"", README):
        path = next(part for part in target if part)
        if not path.startswith("http"):
            assert (REPO / path).exists(), path


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_readme_figures_match_the_committed_notebooks(path):
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        from readme_figures import figure_png
    finally:
        sys.path.pop(0)
    committed = (REPO / "docs" / "figures" / f"{path.name[:2]}.png").read_bytes()
    assert figure_png(path) == committed, "run make notebooks to refresh docs/figures"


def test_environment_yml_pins_the_same_versions_as_requirements():
    def pins(text: str, pattern: str) -> dict[str, str]:
        return {name.lower().replace("_", "-"): version
                for name, version in re.findall(pattern, text, re.MULTILINE)}

    pip = pins((REPO / "requirements.txt").read_text(), r"^([A-Za-z0-9_.-]+)==(\S+)")
    conda = pins((REPO / "environment.yml").read_text(), r"^\s+- ([A-Za-z0-9_.-]+)=(\d\S*)")
    conda.pop("python")
    assert pip == conda


def module_functions(module: str) -> dict[str, ast.FunctionDef]:
    tree = ast.parse((REPO / "helpers" / f"{module}.py").read_text(encoding="utf-8"))
    return {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}


def functions_needed(module: str, function: str) -> set[str]:
    """Every function of the same file that ``function`` calls, directly or through others."""
    functions = module_functions(module)
    needed: set[str] = set()
    to_visit = [function]
    while to_visit:
        for node in ast.walk(functions[to_visit.pop()]):
            if (isinstance(node, ast.Name) and node.id in functions
                    and node.id not in needed and node.id != function):
                needed.add(node.id)
                to_visit.append(node.id)
    return needed


def test_what_a_copied_function_needs_is_listed_correctly():
    paragraph = README[README.index("To copy a **single function**"):]
    paragraph = paragraph[paragraph.index("For example"):paragraph.index("(a test checks")]
    clauses = [clause for clause in paragraph.split(";") if clause.strip()]
    assert len(clauses) == 3
    for clause in clauses:
        names = re.findall(r"`([\w.]+)`", clause)
        module, function = names[0].split(".")
        listed = set(names[1:])
        assert listed == functions_needed(module, function), (
            f"README: {module}.{function} needs {sorted(listed)}, the code calls "
            f"{sorted(functions_needed(module, function))}")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_each_notebooks_where_this_sits_table_lists_the_whole_series(path):
    # Each notebook opens with a small table of the series; a new notebook must join them all.
    opening = "\n".join(cell.source for cell in nbformat.read(path, as_version=4).cells[:3]
                        if cell.cell_type == "markdown")
    listed = re.findall(r"^\| (?:\*\*)?(\d\d)(?:\*\*)? \|", opening, re.MULTILINE)
    assert listed == [p.name[:2] for p in NOTEBOOKS], path.name
