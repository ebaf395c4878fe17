"""The one place that says how lesson notebooks mark their parts (Jupyter cell tags).

The notebooks in ``notebooks/`` are the instructor editions. Cell tags (cell metadata
``tags``, the ecosystem's habit: nbconvert's ``TagRemovePreprocessor``, Jupyter Book,
Neuromatch's pipeline) say what the student edition, the worksheets and the answer keys
do with each cell. ``tools/tag_notebooks.py`` applies them by rule, so it can be run
again whenever the lessons change.

====================  ============================================================
tag                   meaning
====================  ============================================================
``solution``          a worked solution (code); removed from the student edition
``answer``            a hidden answer or discussion (the ``<details>`` of a Think!
                      or an Ask-yourself prompt); removed from the student edition
``stub``              the student's starting code for an exercise; kept, its output
                      cleared (it must define the same names as the solution)
``exercise``          an exercise's prompt, headed ``### Exercise NN.k``; kept
``think``             a Think! prompt; kept (its answer is the next ``answer`` cell)
``clear-output``      kept, but its output is cleared (it would give an answer away)
``way-finding``       "where this sits" and "next lesson" cells, generated from
                      ``data/lessons.csv``
``exit-ticket``       the end-of-lesson exit ticket
``going-further``     the extension activity
====================  ============================================================

A student edition keeps every cell except ``solution`` and ``answer`` cells, clears the
outputs of ``stub`` and ``clear-output`` cells, and stores no widget state. A build fails
(naming the notebook and cell) if a kept markdown cell still holds a hidden
``<details>`` answer, so an untagged answer can never reach students.
"""

REMOVE_FROM_STUDENTS = ("solution", "answer")
CLEAR_OUTPUT_FOR_STUDENTS = ("stub", "clear-output")
TAGS = (
    "solution",
    "answer",
    "stub",
    "exercise",
    "think",
    "clear-output",
    "way-finding",
    "exit-ticket",
    "going-further",
)


def tags_of(cell) -> list[str]:
    """The tags of a notebook cell (a dict or nbformat node)."""
    return list(cell.get("metadata", {}).get("tags", []))
