"""Settings for every test run, whatever folder pytest is pointed at.

Running the lessons and doctests must never write a student's answer file into the
repository: recording is switched off (twitchlib.answers keeps answers in memory).
Kernels started by nbval inherit this environment.

Heavy tests are marked ``slow`` here, in one table, so ``make check`` (which
deselects ``slow`` and ``browser``) stays under a minute while ``make test`` still
runs everything. A test is heavy when it builds a wheel or a virtual environment,
starts a kernel or a server, builds the whole course website, prints PDFs with a
browser, or runs a second simulator many times. Tests that are slow by themselves
carry ``@pytest.mark.slow`` in their own file; this table adds the ones whose cost
comes from a shared fixture or a parametrisation.
"""

import os

import pytest

os.environ.setdefault("TWITCHLIB_ANSWERS", "off")

# Fixture name -> why every test that uses it is slow.
SLOW_FIXTURES = {
    "installed": "builds a wheel and installs it into a fresh virtual environment",
    "built": "builds and executes the whole course website",
    "student_site": "builds and executes the whole course website (student build)",
    "instructor_built": "builds and executes the whole course website (instructor build)",
    "pdfs": "prints every worksheet and answer key to PDF with Chromium",
    "sample_class": "runs every lesson's exercises for a sample class",
    "nbgrader_course": "runs nbgrader generate_assignment on every lesson",
}

# Test (file::name, without parameters) -> why it is slow.
SLOW_TESTS = {
    "tests/test_site.py::test_a_folder_with_other_files_is_never_replaced": (
        "builds the course website twice"
    ),
    "tests/test_site.py::test_downloads_offer_what_this_copy_can_build": (
        "builds and executes the course website, student and instructor builds"
    ),
    "tests/test_student_builds.py::test_the_instructor_site_keeps_the_solutions": (
        "builds the course website and prints its worksheets"
    ),
    "tests/test_voila_settings.py::test_voila_leaves_out_the_extensions_a_dashboard_must_not_load": (
        "starts a Voila application (about 15 s on a busy machine)"
    ),
    "tests/test_editions.py::test_every_student_edition_runs_top_to_bottom_in_a_fresh_kernel": (
        "executes every student edition in a kernel"
    ),
    "tests/test_packaging.py::test_wheel_install_carries_the_data": "builds a wheel",
    "tests/test_packaging.py::test_binder_builds_from_environment_yml": (
        "runs repo2docker"
    ),
    "tests/test_nerve.py::test_spike_counts_match_neuron": (
        "about 60 runs of both NEURON and twitchlib's simulator"
    ),
    "tests/test_nerve.py::test_lower_divalents_lower_the_thresholds": (
        "four threshold searches, each dozens of membranes run for 200-500 ms"
    ),
    "tests/test_nerve.py::test_results_are_stable_when_dt_is_halved": (
        "threshold searches at half the time step"
    ),
    "tests/test_nerve.py::test_repetitive_firing_starts_near_6_2_to_6_3": (
        "a threshold search over 500 ms runs"
    ),
    "tests/test_nerve.py::test_spontaneous_firing_begins_near_a_seven_mv_shift": (
        "41 membranes run for 500 ms"
    ),
    "twitchlib/delivery/site.py::twitchlib.delivery.site.build_site": (
        "the doctest builds the course website"
    ),
}


def _key(item: pytest.Item) -> str:
    path = item.nodeid.split("::", 1)[0]
    name = getattr(item, "originalname", None) or item.name
    return f"{path}::{name}"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if _key(item) in SLOW_TESTS or SLOW_FIXTURES.keys() & set(
            getattr(item, "fixturenames", ())
        ):
            item.add_marker(pytest.mark.slow)
