"""twitchlib's Voila settings reach the Voila that serves the dashboard and the class.

nbgrader (which many school hubs run) installs JupyterLab extensions that expect the
full JupyterLab or Notebook application; in a Voila page they print console errors.
The class server and the dashboard start Voila with ``voila_environment()``, whose
config path holds ``VoilaConfiguration.extension_denylist``; this runs a real Voila
application in that environment and asks it what it would load.
"""

import json
import subprocess
import sys

from twitchlib.delivery.classroom import VOILA_CONFIG, voila_environment

_ASK_VOILA = """
import json
from voila.app import Voila
from voila.utils import filter_extension
app = Voila()
app.initialize(["--no-browser"])
names = ["@jupyter/nbgrader", "@jupyter-notebook/lab-extension",
         "@jupyter-widgets/jupyterlab-manager", "anywidget", "jupyterlab-plotly"]
kept = filter_extension([{"name": n} for n in names],
                        extension_denylist=app.voila_configuration.extension_denylist or [])
print(json.dumps([e["name"] for e in kept]))
"""


def test_voila_leaves_out_the_extensions_a_dashboard_must_not_load(tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", _ASK_VOILA],
        env=voila_environment(),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    kept = json.loads(done.stdout.strip().splitlines()[-1])
    assert kept == [
        "@jupyter-widgets/jupyterlab-manager",
        "anywidget",
        "jupyterlab-plotly",
    ]
    assert (VOILA_CONFIG / "voila.json").is_file()
