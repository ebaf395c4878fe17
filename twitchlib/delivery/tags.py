"""The one place that says how lesson notebooks mark their parts (Jupyter cell tags).

The notebooks in ``notebooks/`` are the instructor editions. Cell tags (cell metadata
``tags``, the ecosystem's habit: nbconvert's ``TagRemovePreprocessor``, Jupyter Book,
Neuromatch's pipeline) say what each cell is; :func:`twitchlib.lessons.read_notebook`
reads a lesson by its tags alone, and the student edition, the worksheets, the answer
keys, the site and the tests all go through it.

Every part has a stable id in a tag ``id:<id>``. A prompt and its answer are separate
cells with the same id; an exercise's prompt, stub and solution cells all carry the
exercise's id. Ids start with the lesson's two digits:

- prompts: ``NN.<kind>.<words>``, e.g. ``id:05.ask.weakest-clue``,
  ``id:02.think.strength-vs-frequency``, ``id:07.question.rewrite``;
- exercises: ``NN.k``, e.g. ``id:03.1`` (the id ``tl.check("03.1", ...)`` uses);
- demos: ``NN.demo.<words>``, e.g. ``id:03.demo.explorer``.

An id, once given, never changes (answers and scores are kept by id), even if the
prompt's wording does.

====================  ============================================================
tag                   meaning
====================  ============================================================
``id:<id>``           the part the cell belongs to (one per cell)
``prompt``            a question for the student; kept. With one kind tag:
``think``             … a Think! question (``### Think!`` heading)
``ask-yourself``      … an Ask-yourself question beside a demo or chart
``question``          … any other question (reading the red flags, a rewrite)
``answer``            the hidden answer or discussion of the prompt with its id
                      (a ``<details>`` block); removed from the student edition
``exercise``          an exercise's prompt, headed ``### Exercise NN.k``; kept
``stub``              the student's starting code for an exercise; kept, its output
                      cleared (it must define the same names as the solution)
``prediction``        (made by the student and self-study editions, never in a
                      source notebook) the box where the student answers a prompt;
                      it carries the prompt's id, and in self-study shows the answer
                      once the student's prediction is saved
``solution``          a worked solution (code, or its "about the solution" note);
                      removed from the student edition
``demo``              a code cell that shows an interactive demo (its id is listed
                      in the lesson's module, ``LESSON.demos``)
``clear-output``      kept, but its output is cleared (it would give an answer away)
``way-finding``       "where this sits" and "next lesson" cells, generated from
                      ``data/lessons.csv``
``exit-ticket``       the end-of-lesson exit ticket
``going-further``     a short activity for fast finishers, inside the core
``extension``         part of the lesson's optional extension (a longer period or
                      homework), after its core; the first extension cell is a
                      heading ``## Extension: …`` saying it is optional. The core
                      (every other cell) fits the lesson's ``minutes`` in
                      ``data/lessons.csv``, the extension its ``extension_minutes``
====================  ============================================================

Extension cells are kept in every edition, worksheet and the site. The exit ticket
closes the core, so it is never inside the extension, and once the extension has
begun every later cell belongs to it (:mod:`twitchlib.lessons.authoring` checks both).

A student edition keeps every cell except ``solution`` and ``answer`` cells (each
``answer`` cell gives way to its prompt's ``prediction`` box), clears the outputs of ``stub`` and ``clear-output`` cells, and stores no widget state. A build fails
(naming the notebook and cell) if a lesson's wording and tags disagree
(:mod:`twitchlib.lessons.authoring`): a hidden ``<details>`` answer not tagged, a prompt
without its answer, an answer with other text glued to it.
"""

from ..lessons.notebook import ID_PREFIX, PROMPT_KINDS

REMOVE_FROM_STUDENTS = ("solution", "answer")
CLEAR_OUTPUT_FOR_STUDENTS = ("stub", "clear-output")
TAGS = (
    "prompt",
    *PROMPT_KINDS,
    "answer",
    "exercise",
    "stub",
    "solution",
    "prediction",
    "demo",
    "clear-output",
    "way-finding",
    "exit-ticket",
    "going-further",
    "extension",
)


def tags_of(cell) -> list[str]:
    """The tags of a notebook cell (a dict or nbformat node)."""
    return list(cell.get("metadata", {}).get("tags", []))


def part_id(cell) -> str | None:
    """The id of the lesson part a cell belongs to (its ``id:`` tag), or None."""
    found = [t[len(ID_PREFIX) :] for t in tags_of(cell) if t.startswith(ID_PREFIX)]
    return found[0] if found else None
