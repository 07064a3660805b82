#!/usr/bin/env python3
"""Prints what NLM RxImage records about every baclofen tablet, for merging
into data/baclofen.json.

Reads the committed copy of NLM's records, data/nlm-rximage/rximage.tsv
(see data/nlm-rximage/README.md), keeps the rows whose RxNorm name starts
with "Baclofen", and prints one JSON object per row in the database's own
words: the NDC product code (labeler-product, 4-4 or 5-4 digits as the NDC
directory writes it), strength, imprint in NLM's form, SPL shape and colour,
size in mm, score, whether a logo is part of the imprint, whether NLM marks
the appearance as a former one, the date photographed, the photo file and
the repackagers' NDC product codes (5-4, as NLM lists them).

Nothing is written to data/: a person merges the facts into the products
(with notes and sources), and tests/data.rs checks that every row printed
here is in data/baclofen.json with the same NDC, imprint, size, score and
strength. To refresh: replace rximage.tsv with a newer export of the same
columns, run this script, merge what changed, run `cargo test --test data`.

Usage: scripts/rximage-baclofen.py [path/to/rximage.tsv]   (Python 3.8+)
"""

import csv
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TSV = ROOT / "data" / "nlm-rximage" / "rximage.tsv"

# Where the records and photos were published (data/nlm-rximage/README.md).
RECORDS_URL = (
    "https://github.com/UzmaSayyeda/Pill-Identifier/blob/"
    "73588b2e813e1ce9f524a811b3f89765c3d588fc/flask-model/rximagesAll.csv"
)
PHOTO_URL = (
    "https://github.com/krzysztof-kukawski/rximage-gen/blob/"
    "ecfe96dc26b6a7264893fda52cee8f5e9091abda/data/300/{file}"
)


# RxImage records two appearances under one NDC for IVAX/Teva 0172-4096 and
# 0172-4097 and names the same, newer photo on both rows. The photo of the
# former appearance, read from NLM's own caption on it (the table in
# data/nlm-rximage/README.md):
FORMER_PHOTOS = {
    ("00172-4096-60", "4096;10"): "00172-4096-60_NLMIMAGE10_5C232E79.jpg",
    ("00172-4097-60", "4097;20"): "00172-4097-60_NLMIMAGE10_532329F9.jpg",
}


def product_code(ndc9: str) -> str:
    """`00172-4096` -> `0172-4096`: the NDC directory's 4-4 form when the
    labeler code has a leading zero padding it to five digits (NLM pads
    every code to 5-4)."""
    labeler, product = ndc9.split("-")
    if len(labeler) == 5 and labeler.startswith("0"):
        labeler = labeler[1:]
    return f"{labeler}-{product}"


def strength(name: str) -> str:
    """`Baclofen 10 MG Oral Tablet` -> `10 mg`."""
    m = re.match(r"Baclofen (\d+(?:\.\d+)?) MG Oral Tablet$", name)
    if not m:
        raise SystemExit(f"unexpected baclofen name: {name!r}")
    return f"{m.group(1)} mg"


def rows(path: Path):
    with path.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if row["name"].startswith("Baclofen"):
                yield row


def facts(row: dict) -> dict:
    ndc11 = row["ndc11"]
    photo = FORMER_PHOTOS.get((ndc11, row["imprint"]), row["nlm_photo"])
    return {
        "ndc_package": ndc11,
        "ndc": product_code(ndc11.rsplit("-", 1)[0]),
        "labeler": row["labeler"],
        "strength": strength(row["name"]),
        "imprint": row["imprint"].upper(),
        "logo": row["symbol"] == "True",
        "former_imprint": row["status"] == "Former imprint",
        "colors": [c.strip() for c in row["color"].split(",") if c.strip()],
        "shape": row["shape"],
        "size_mm": int(row["size_mm"]),
        "score": int(row["score"]),
        "photographed": row["photographed"],
        "nlm_photo": photo,
        "photo_url": PHOTO_URL.format(file=photo),
        "repackagers": row["relabeler_ndc9"].split(),
        "spl_set_id": row["spl_set_id"] or None,
        "source": {
            "url": RECORDS_URL,
            "title": f"NLM RxImage record, NDC {ndc11} "
            "(copy: data/nlm-rximage/rximage.tsv)",
            "date": row["photographed"],
        },
    }


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_TSV
    found = [facts(r) for r in rows(path)]
    json.dump(found, sys.stdout, indent=1)
    sys.stdout.write("\n")
    print(f"{len(found)} baclofen rows in {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
