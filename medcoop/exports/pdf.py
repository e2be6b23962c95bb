"""What MedCoop's PDFs share: a DejaVu font, so Vietnamese prints (Debian's fonts-dejavu-core)."""

from pathlib import Path

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
