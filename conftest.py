"""Settings for every test run, whatever folder pytest is pointed at.

Running the lessons and doctests must never write a student's answer file into the
repository: recording is switched off (twitchlib.answers keeps answers in memory).
Kernels started by nbval inherit this environment.
"""

import os

os.environ.setdefault("TWITCHLIB_ANSWERS", "off")
