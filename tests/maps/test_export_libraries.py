"""WeasyPrint loads in a render child without ctypes' library search (gcc, ldconfig)."""

import subprocess
import sys

from django.conf import settings

SCRIPT = """
import ctypes.util
asked = []
ctypes.util.find_library = lambda name: asked.append(name)
from maps.export.libraries import load_weasyprint
weasyprint = load_weasyprint()
weasyprint.HTML(string="<p>Bonjour</p>").render()
print(len(asked))
"""


def test_weasyprint_loads_without_searching_for_its_libraries():
    # A fresh interpreter: the test process may have imported WeasyPrint already.
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=True,
    )
    assert done.stdout.strip() == "0"
