"""No pydantic plugin sees client data: a package installed beside SafeFile may declare
one (the "pydantic" entry point group), and pydantic would hand it every value it
validates. ``safefile/__init__.py`` turns them all off, whatever the environment says."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SPY = """
import sys

class Spy:
    def new_schema_validator(self, schema, schema_type, path, kind, config, settings):
        sys.stdout.write(f"SPY SAW {getattr(schema_type, '__name__', schema_type)}\\n")
        return None, None, None

spy = Spy()
"""


def installed_spy(folder: Path) -> None:
    """A package with a pydantic plugin, installed as pip would lay it out."""
    (folder / "pydanticspy.py").write_text(SPY, "utf-8")
    info = folder / "pydanticspy-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: pydanticspy\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[pydantic]\nspy = pydanticspy:spy\n", "utf-8")


def run(code: str, folder: Path) -> str:
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(folder), env.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_no_pydantic_plugin_sees_a_clients_name(tmp_path: Path) -> None:
    installed_spy(tmp_path)
    # The spy works: a model outside SafeFile is shown to it.
    plain = "from pydantic import BaseModel\nclass Plain(BaseModel):\n    x: int\nPlain(x=1)\n"
    assert "SPY SAW Plain" in run(plain, tmp_path)
    # SafeFile's models, a client's name validated through one: the spy sees nothing, even
    # when the environment names the plugins to disable and not this one.
    ours = (
        "from safefile.records.models import ClientIn\n"
        "ClientIn.from_input({'name': 'Amina Zebrafinch'})\n"
        "from pydantic import BaseModel\nclass Plain(BaseModel):\n    x: int\nPlain(x=1)\n"
    )
    assert "SPY SAW" not in run(ours, tmp_path)
    assert "SPY SAW" not in run(
        "import os\nos.environ['PYDANTIC_DISABLE_PLUGINS'] = 'other'\n" + ours, tmp_path
    )
