"""PyTorch peer for `npm run bench -- models`: the same shapes as our bench, one thread, ms per epoch as JSON.

Run with Debian's /usr/bin/python3 (python3-torch); prints {"available": false} without torch.
"""
import json
import sys
import time

try:
    import torch
    from torch import nn
except ImportError:
    print(json.dumps({"available": False}))
    sys.exit(0)

torch.set_num_threads(1)  # two threads are slower on a 2-core machine
torch.manual_seed(0)


def dense(widths):
    layers = []
    for i in range(1, len(widths)):
        layers.append(nn.Linear(widths[i - 1], widths[i]))
        if i < len(widths) - 1:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


class LstmAutoencoder(nn.Module):
    def __init__(self, d, units, steps):
        super().__init__()
        self.steps = steps
        self.encoder = nn.LSTM(d, units, batch_first=True)
        self.decoder = nn.LSTM(units, units, batch_first=True)
        self.output = nn.Linear(units, d)

    def forward(self, x):
        _, (h, _) = self.encoder(x)
        repeated = h[-1].unsqueeze(1).repeat(1, self.steps, 1)
        out, _ = self.decoder(repeated)
        return self.output(out)


def epoch_ms(model, X, batch, epochs=3):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    times = []
    for _ in range(epochs):
        order = torch.randperm(X.shape[0])
        started = time.perf_counter()
        for start in range(0, X.shape[0], batch):
            xb = X[order[start:start + batch]]
            optimizer.zero_grad()
            loss = ((model(xb) - xb) ** 2).mean()
            loss.backward()
            optimizer.step()
        times.append((time.perf_counter() - started) * 1000)
    return min(times[1:]) if len(times) > 1 else times[0]


def main():
    shapes = json.loads(sys.argv[1])
    out = {"available": True, "version": torch.__version__, "threads": torch.get_num_threads(), "figures": {}}
    for shape in shapes:
        if shape["kind"] == "dense":
            X = torch.randn(shape["rows"], shape["widths"][0])
            model = dense(shape["widths"])
        else:
            X = torch.randn(shape["windows"], shape["steps"], shape["signals"])
            model = LstmAutoencoder(shape["signals"], shape["units"], shape["steps"])
        out["figures"][shape["name"]] = epoch_ms(model, X, shape["batch"], shape.get("epochs", 3))
    print(json.dumps(out))


main()
