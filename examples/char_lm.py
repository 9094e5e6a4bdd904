"""A character-level language model: token and position embeddings, a 2-layer causal Transformer
encoder and a linear head, trained with AdamW, a linear warmup into a cosine decay
(SequentialLR of LinearLR and CosineAnnealingLR) and gradient clipping, on the Zen of Python,
which every Python bundles (the `this` module).

    python examples/char_lm.py [--steps 600] [--seed 0]

Prints the loss every 50 steps, the final loss (mean cross-entropy per character, in nats, over
the last 20 steps), the text the model then writes from a prompt, and "loss below 0.5: yes"
when the final loss is under 0.5 nats (about 0.7 bits) per character.
"""

from __future__ import annotations

import argparse
import codecs
import time
from typing import List

import numpy as np

import tenflowers as tfs
import tenflowers.nn.functional as F
from tenflowers import nn, optim
from tenflowers.optim.lr_scheduler import CosineAnnealingLR, LinearLR, SequentialLR

TARGET = 0.5


def zen() -> str:
    """The Zen of Python without printing it (the `this` module prints it on import)."""
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()):
        import this
    return codecs.decode(this.s, "rot13")


class CharLM(nn.Module):
    def __init__(self, vocab: int, context: int, d_model: int = 64, heads: int = 4, layers: int = 2) -> None:
        super().__init__()
        self.tok = nn.Embedding(vocab, d_model)
        self.pos = nn.Embedding(context, d_model)
        layer = nn.TransformerEncoderLayer(d_model, heads, 4 * d_model, dropout=0.1, batch_first=True, norm_first=True)
        self.encoder = nn.TransformerEncoder(layer, layers)
        self.norm = nn.LayerNorm(d_model)
        self.head = nn.Linear(d_model, vocab)
        self.context = context

    def forward(self, idx: tfs.Tensor) -> tfs.Tensor:
        t = idx.shape[1]
        x = self.tok(idx) + self.pos(tfs.arange(t))
        causal = tfs.triu(tfs.full((t, t), float("-inf"), dtype=tfs.float32), k=1)  # position i sees j <= i
        x = self.encoder(x, mask=causal, is_causal=True)
        return self.head(self.norm(x))


def generate(model: CharLM, prompt: List[int], n: int) -> List[int]:
    """Greedy decoding of `n` characters after `prompt`."""
    model.eval()
    out = list(prompt)
    with tfs.no_grad():
        for _ in range(n):
            window = tfs.asarray([out[-model.context:]])
            logits = model(window)
            out.append(int(tfs.argmax(logits[0, -1])))
    model.train()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--steps", type=int, default=600)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--context", type=int, default=64)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    text = zen()
    chars = sorted(set(text))
    code = {c: i for i, c in enumerate(chars)}
    data = np.array([code[c] for c in text], dtype=np.int64)
    tfs.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    model = CharLM(len(chars), args.context)
    opt = optim.AdamW(model.parameters(), lr=3e-3, weight_decay=0.01)
    warmup = max(1, args.steps // 10)
    sched = SequentialLR(opt, [LinearLR(opt, start_factor=0.01, total_iters=warmup),
                               CosineAnnealingLR(opt, T_max=args.steps - warmup, eta_min=1e-4)], milestones=[warmup])
    print(f"{len(text)} characters, vocabulary {len(chars)}, "
          f"{sum(p.size for p in model.parameters()):,} parameters")
    start = time.perf_counter()
    recent: List[float] = []
    for step in range(args.steps):
        at = rng.integers(0, len(data) - args.context - 1, size=args.batch_size)
        window = np.stack([data[i:i + args.context + 1] for i in at])
        x, y = tfs.asarray(window[:, :-1]), tfs.asarray(window[:, 1:])
        opt.zero_grad()
        logits = model(x)
        loss = F.cross_entropy(logits.reshape(-1, len(chars)), y.reshape(-1))
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
        opt.step()
        sched.step()
        recent = (recent + [float(loss)])[-20:]
        if step % 50 == 0 or step == args.steps - 1:
            print(f"step {step:4d} loss {float(loss):.4f} lr {sched.get_last_lr()[0]:.2e}", flush=True)
    final = sum(recent) / len(recent)
    print(f"final loss {final:.4f} nats/char after {args.steps} steps in {time.perf_counter() - start:.1f} s")
    prompt = [code[c] for c in "Beautiful is"]
    print("sample:", "".join(chars[i] for i in generate(model, prompt, 80)).replace("\n", " / "))
    print(f"loss below {TARGET}: {'yes' if final < TARGET else 'no'}")


if __name__ == "__main__":
    main()
