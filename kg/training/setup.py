"""What every training run starts with: torch (the ``train`` extra), its
settings, its seeds and its threads."""

from __future__ import annotations

import numpy as np

from kg.errors import InputError

__all__ = ["start_training"]


def start_training(command: str, defaults: dict, overrides: dict):
    """``(torch, settings)``: ``defaults`` with the ``overrides`` that are not
    None, torch and numpy seeded with ``settings["seed"]``, torch on
    ``settings["threads"]`` threads; an :class:`InputError` naming ``command``
    when torch is not installed."""
    try:
        import torch
    except ImportError as exc:
        raise InputError(f"`{command}` needs torch and onnx: pip install -e '.[train]'") from exc
    settings = {**defaults, **{k: v for k, v in overrides.items() if v is not None}}
    torch.manual_seed(settings["seed"])
    np.random.seed(settings["seed"])
    torch.set_num_threads(settings["threads"])
    return torch, settings
