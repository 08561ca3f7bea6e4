"""Make scanned copies of the example tables, as a scanner would: the OCR test set.

Each example is rendered in the official layout to Word (``govstat render --format docx``,
rows kept whole on a page as printed forms keep them), printed to PDF by LibreOffice
(``soffice --headless --convert-to pdf``), rasterised at 150 dpi by pypdfium2, then turned
slightly (±1.5°, a sheet laid askew on the glass), blurred a little, saved as JPEG and
wrapped page by page into an image-only PDF, which has no text layer at all. The seed's
table is also saved as one PNG picture (its pages stacked, a long screenshot).

    python examples/make_scans.py            # the committed fixtures, in tests/data/scans
    python examples/make_scans.py --all DIR  # every example of forms 2014/2019/2021, in DIR

Needs soffice (LibreOffice), pypdfium2 and pillow. The turn of each page is drawn from a
random generator seeded with the file's name, so the same fixtures come out every time.
"""

from __future__ import annotations

import argparse
import io
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageFilter

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIXTURES = ROOT / "tests" / "data" / "scans"

DPI = 150
JPEG_QUALITY = 35
"""A scanner's economical setting: about 110 KB a gray A4 page at 150 dpi."""

COMMITTED = ("2018-seed", "2023-form2021", "2023-form2021-errors")
"""The examples whose scans are committed as test fixtures."""

EVERY = (*COMMITTED, "2018-corrected", "2020-form2019", "2022-form2021")
"""Every example table of forms 2014, 2019 and 2021 (the benchmark's set)."""


def render_pdf(example: Path, folder: Path) -> Path:
    """The example in the official layout, printed to PDF by LibreOffice."""
    from docx import Document
    from docx.oxml import OxmlElement

    docx = folder / f"{example.stem}.docx"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "govstat",
            "render",
            str(example),
            "--format",
            "docx",
            "-o",
            str(docx),
        ],
        check=True,
    )
    document = Document(str(docx))
    for table in document.tables:
        for row in table.rows:  # a row is never split over two pages, as printed forms do
            row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    document.save(str(docx))
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(docx)],
        check=True,
        capture_output=True,
    )
    return folder / f"{example.stem}.pdf"


def pages(pdf: Path) -> list[Image.Image]:
    """Each page of a PDF as a gray picture at :data:`DPI`."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        return [
            page.render(scale=DPI / 72, grayscale=True).to_pil().convert("L") for page in document
        ]
    finally:
        document.close()


def scanned(page: Image.Image, rnd: random.Random) -> Image.Image:
    """One page as it comes off a scanner: askew, a little soft, JPEG-compressed."""
    angle = rnd.uniform(0.5, 1.5) * rnd.choice((-1, 1))
    turned = page.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    soft = turned.filter(ImageFilter.GaussianBlur(0.7))
    buffer = io.BytesIO()
    soft.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return Image.open(io.BytesIO(buffer.getvalue()))


def image_pdf(images: list[Image.Image], path: Path) -> None:
    """The pictures wrapped as a PDF of images, one a page, with no text layer."""
    first, *rest = images
    first.save(
        path,
        format="PDF",
        save_all=True,
        append_images=rest,
        resolution=DPI,
        quality=JPEG_QUALITY,
        optimize=True,
    )


def stacked(images: list[Image.Image]) -> Image.Image:
    """The pages one under the other, their empty margins cut: a long picture of a table."""
    parts = []
    for image in images:
        box = Image.eval(image, lambda v: 255 - v).getbbox()
        if box is None:
            continue
        parts.append(
            image.crop((0, max(0, box[1] - 20), image.width, min(image.height, box[3] + 20)))
        )
    out = Image.new("L", (images[0].width, sum(p.height for p in parts)), 255)
    top = 0
    for part in parts:
        out.paste(part, (0, top))
        top += part.height
    return out


def make(names: tuple[str, ...], out: Path, png: bool) -> list[Path]:
    """Scan each example into ``out``; returns the files written."""
    if shutil.which("soffice") is None:
        raise SystemExit("make_scans needs LibreOffice (soffice) on the PATH")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            printed = pages(render_pdf(EXAMPLES / f"{name}.xlsx", Path(tmp)))
            rnd = random.Random(name)
            target = out / f"{name}-scan.pdf"
            image_pdf([scanned(page, rnd) for page in printed], target)
            written.append(target)
            if png and name == "2018-seed":
                picture = out / f"{name}.png"
                stacked(printed).quantize(16).save(picture, optimize=True)
                written.append(picture)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", metavar="DIR", type=Path, help="scan every example into DIR")
    args = parser.parse_args()
    if args.all is not None:
        files = make(EVERY, args.all, png=True)
    else:
        files = make(COMMITTED, FIXTURES, png=True)
    for path in files:
        print(f"{path}  {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
