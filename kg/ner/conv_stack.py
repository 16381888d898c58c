"""The convolutional body of a network (``kg train ner --neural --arch cnn``).

Dilated 1-D convolutions over the characters (kernel 3; dilations 1, 2, 4, 8
see 31 characters), each added to its input (residual) after a ReLU.
Unlike a BiLSTM, nothing runs character by character, so onnxruntime
computes a whole batch as a few matrix products: the fast tagger's network.
Padding after each text is zeroed before every convolution, so a text's
scores do not depend on what it is batched with.  torch is passed in (it
is needed for training only).
"""

from __future__ import annotations

__all__ = ["conv_stack"]


def conv_stack(torch, width: int, channels: int, dilations, dropout: float):
    """A module mapping ``(B, T, width)`` inputs and ``(B,)`` lengths to ``(B, T, channels)``."""
    nn = torch.nn

    class ConvStack(nn.Module):
        def __init__(self):
            super().__init__()
            self.inp = nn.Linear(width, channels)
            self.convs = nn.ModuleList(nn.Conv1d(channels, channels, 3, padding=d, dilation=d)
                                       for d in dilations)
            self.drop = nn.Dropout(dropout)

        def forward(self, x, lengths):
            steps = torch.arange(x.shape[1]).unsqueeze(0)
            mask = (steps < lengths.unsqueeze(1)).to(x.dtype).unsqueeze(1)  # (B, 1, T)
            h = torch.relu(self.inp(x)).transpose(1, 2) * mask
            for conv in self.convs:
                h = (h + self.drop(torch.relu(conv(h)))) * mask
            return h.transpose(1, 2)

    return ConvStack()
