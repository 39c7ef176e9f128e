"""Write each notebook's README figure: the image output of its cell tagged readme-figure.

    python scripts/readme_figures.py notebooks/*.ipynb       (run by make notebooks)

The picture is shrunk to a thumbnail (docs/figures/NN.png, 360 pixels wide), so the README
always shows what the committed notebook shows.
"""

from __future__ import annotations

import base64
import io
import sys
from pathlib import Path

import nbformat
from PIL import Image

FIGURE_DIR = Path(__file__).resolve().parent.parent / "docs" / "figures"
WIDTH = 360


def figure_png(notebook_path: Path) -> bytes:
    """The PNG of the tagged cell's first image output, as a thumbnail."""
    notebook = nbformat.read(notebook_path, as_version=4)
    tagged = [cell for cell in notebook.cells
              if "readme-figure" in cell.get("metadata", {}).get("tags", [])]
    if len(tagged) != 1:
        raise ValueError(f"{notebook_path.name}: expected one cell tagged readme-figure, "
                         f"found {len(tagged)}")
    images = [output["data"]["image/png"] for output in tagged[0].get("outputs", [])
              if "image/png" in output.get("data", {})]
    if not images:
        raise ValueError(f"{notebook_path.name}: the readme-figure cell has no image output; "
                         "run make notebooks first")
    with Image.open(io.BytesIO(base64.b64decode(images[0]))) as picture:
        picture = picture.convert("RGB")
        height = round(picture.height * WIDTH / picture.width)
        thumbnail = picture.resize((WIDTH, height), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    thumbnail.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def main(paths: list[str]) -> int:
    FIGURE_DIR.mkdir(parents=True, exist_ok=True)
    for path in map(Path, paths):
        target = FIGURE_DIR / f"{path.name[:2]}.png"
        target.write_bytes(figure_png(path))
        print(f"wrote {target.relative_to(FIGURE_DIR.parent.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
