"""The NER model files a build tags with (``kg build --model``), checked before any work.

A network is a ``.onnx`` file with its ``.json`` beside it; a CRF a
``.crfsuite`` file (both made by ``kg train ner``).  :class:`ModelFiles`
travels with the build's options to the workers: the paths (on a cluster
they must exist on every worker) and a digest of the files' bytes, so that a
retrained model at the same path is not mistaken for the old one.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from kg.errors import ModelError

__all__ = ["ModelFiles", "model_files"]

#: The first bytes of a CRFsuite model.
CRF_MAGIC = b"lCRF"


@dataclass(frozen=True)
class ModelFiles:
    paths: tuple[str, ...]
    key: str


def model_files(paths) -> ModelFiles | None:
    """The checked model files of ``paths`` (None when none are given): several
    networks, or one CRF; a missing or unreadable file is a :class:`ModelError`."""
    paths = [str(p) for p in ([paths] if isinstance(paths, (str, Path)) else paths or ())]
    if not paths:
        return None
    digest = hashlib.sha256()
    for raw in paths:
        path = Path(raw)
        if path.suffix not in (".onnx", ".crfsuite"):
            raise ModelError(f"--model {raw}: not an NER model; give a .onnx network or a .crfsuite CRF "
                             "made by `kg train ner`")
        files = [path, path.with_suffix(".json")] if path.suffix == ".onnx" else [path]
        for file in files:
            try:
                data = file.read_bytes()
            except OSError as exc:
                raise ModelError(f"--model {raw}: cannot read {file} ({exc.strerror}); give a model made by "
                                 "`kg train ner` (a network is a .onnx with its .json beside it)") from None
            digest.update(file.name.encode("utf-8") + b"\0" + data)
            _check(raw, file, data)
    if len(paths) > 1 and not all(p.endswith(".onnx") for p in paths):
        raise ModelError("--model: only networks (.onnx) can be combined; give one .crfsuite model")
    return ModelFiles(tuple(paths), digest.hexdigest()[:16])


def _check(raw: str, file: Path, data: bytes) -> None:
    if file.suffix == ".crfsuite" and not data.startswith(CRF_MAGIC):
        raise ModelError(f"--model {raw}: {file} is not a CRFsuite model; retrain it with `kg train ner`")
    if file.suffix == ".json":
        try:
            json.loads(data.decode("utf-8"))["chars"]
        except (UnicodeDecodeError, ValueError, KeyError, TypeError):
            raise ModelError(f"--model {raw}: {file} is not a network's description; retrain it with "
                             "`kg train ner --neural`") from None
    if file.suffix == ".onnx" and not data[:1] == b"\x08":  # an ONNX protobuf opens with ir_version
        raise ModelError(f"--model {raw}: {file} is not an ONNX network; retrain it with `kg train ner --neural`")
