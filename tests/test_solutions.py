"""The end-of-notebook solutions run, and print the numbers they quote.

Each notebook ends with exercises whose solutions sit in ``<details>`` blocks of a markdown
cell, so no notebook run executes them. Here each notebook is run top to bottom in one kernel
(from the repository root, as in test_rerun.py), and then each solution's code in that same
kernel, the state a learner has when they try it.

The convention that makes the quotes testable: every line a solution prints is claimed in its
code by a comment ``# prints: <the line>``, in order, and the printed text must be exactly the
claimed text. A solution therefore rounds what it prints to the digits it can stand behind.
The prose around the code may quote only numbers with a decimal point that the solution
prints, that its code contains, or that ``NOT_PRINTED`` below lists with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from .test_notebooks import NOTEBOOKS
from .test_rerun import kernel_for, run

DETAILS = re.compile(r"<details>(.*?)</details>", re.DOTALL)
CODE_BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)
CLAIM = re.compile(r"#\s*prints:\s*(.*?)\s*$")
EXERCISE_NUMBER = re.compile(r"\*\*(\d+)\.\*\*")
#: A number with a decimal point, e.g. 0.0817 or 93.10 (not 1e-7, not part of a name).
DECIMAL = re.compile(r"(?<!section )(?<![\w.])-?\d+\.\d+(?![\w.])")

#: Numbers the prose quotes without the solution printing them, per (notebook, exercise).
NOT_PRINTED = {
    ("01", 3): {"102.5": "0.25 x 410, worked out in the text"},
    ("03", 1): {"0.5": "sigmoid(0), worked out in the text",
                "92.82": "the original start's train accuracy, the notebook's headline",
                "93.55": "the original start's test accuracy, the notebook's headline"},
    ("03", 2): {"2011.1": "the raw images' largest eigenvalue, printed in section 9",
                "0.004": "the raw images' stable step, printed in section 9",
                "0.196": "the original run's last recorded cost, printed in section 7",
                "93.55": "the original start's test accuracy, the notebook's headline"},
    ("05", 3): {"0.8": "the gap at C = 1 after 2,000 steps, printed in section 5"},
    ("06", 2): {"0.5": "the constant answer whose cost is log 2, worked out in the text"},
}


@dataclass
class Solution:
    notebook: str        # "01"
    exercise: int        # 1, 2, 3
    code: str            # every python block of the solution, in order
    prose: str           # the rest of the <details> block

    @property
    def claims(self) -> list[str]:
        return [match.group(1) for line in self.code.splitlines()
                if (match := CLAIM.search(line))]

    @property
    def name(self) -> str:
        return f"{self.notebook} exercise {self.exercise}"


def solutions(path: Path) -> list[Solution]:
    """The solutions of a notebook's ``<details>`` blocks, numbered by their exercise."""
    notebook = nbformat.read(path, as_version=4)
    found = []
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        text = cell.source
        for details in DETAILS.finditer(text):
            numbers = EXERCISE_NUMBER.findall(text[:details.start()])
            exercise = int(numbers[-1]) if numbers else 0
            body = details.group(1)
            code = "".join(CODE_BLOCK.findall(body))
            prose = CODE_BLOCK.sub("", body)
            found.append(Solution(path.name[:2], exercise, code, prose))
    return found


def printed(shown: list[str]) -> list[str]:
    """The lines a cell printed (stdout), without trailing spaces; pictures are left out."""
    text = "".join(piece[len("stdout: "):] for piece in shown if piece.startswith("stdout: "))
    return [line.rstrip() for line in text.splitlines()]


SOLUTIONS = {path.name: solutions(path) for path in NOTEBOOKS}


def test_every_notebook_has_three_numbered_solutions_with_code():
    for name, found in SOLUTIONS.items():
        assert [s.exercise for s in found] == [1, 2, 3], f"{name}: {[s.name for s in found]}"
        for solution in found:
            assert solution.code.strip(), f"{solution.name} has no python block"
            # Markdown inside an HTML block needs a blank line first, or the code shows raw.
            assert solution.prose.startswith("\n<summary>Solution</summary>\n\n"), (
                f"{solution.name}: no blank line after <summary>")


def test_the_prose_quotes_only_numbers_the_solution_prints_or_derives():
    # The printed side is the claims, which the notebook test below holds to the output.
    problems = []
    for found in SOLUTIONS.values():
        for solution in found:
            allowed = set(DECIMAL.findall(" ".join(solution.claims)))
            allowed |= set(DECIMAL.findall(solution.code))
            allowed |= set(NOT_PRINTED.get((solution.notebook, solution.exercise), {}))
            unexplained = sorted(set(DECIMAL.findall(solution.prose)) - allowed)
            if unexplained:
                problems.append(f"{solution.name}: {unexplained}")
    assert not problems, "the prose quotes numbers the solution does not print:\n" + \
        "\n".join(problems)


def test_numbers_excused_from_printing_are_still_quoted():
    # An entry of NOT_PRINTED that no prose uses any more would excuse a number silently.
    for (notebook, exercise), numbers in NOT_PRINTED.items():
        [solution] = [s for s in SOLUTIONS[next(n for n in SOLUTIONS if n[:2] == notebook)]
                      if s.exercise == exercise]
        for number in numbers:
            assert number in DECIMAL.findall(solution.prose), (solution.name, number)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_each_solution_prints_what_it_claims(path: Path):
    notebook = nbformat.read(path, as_version=4)
    problems = []
    with kernel_for(notebook) as client:
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type == "code":
                run(client, index, cell)
        for solution in SOLUTIONS[path.name]:
            cell = nbformat.v4.new_code_cell(solution.code)
            notebook.cells.append(cell)
            lines = printed(run(client, len(notebook.cells) - 1, cell))
            if lines != solution.claims:
                problems.append(f"{solution.name}:\n  claims: {solution.claims}\n"
                                f"  prints: {lines}")
    assert not problems, "solutions print something other than they claim:\n" + \
        "\n".join(problems)
