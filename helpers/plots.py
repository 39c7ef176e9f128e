"""Small matplotlib helpers shared by the notebooks.

Depends on numpy and matplotlib only. Every function returns the matplotlib object it
drew on, so a notebook can add to it before calling ``plt.show()``.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure


def show_images(images: np.ndarray, titles: Sequence[str] | None = None, ncols: int = 10,
                size: float = 1.3, cmap: str = "gray", suptitle: str | None = None) -> Figure:
    """Draw grey images in a grid, one small panel each, without axes.

    Parameters
    ----------
    images : numpy.ndarray of shape (n, height, width)
        Values in [0, 1]; each panel uses that fixed range, so brightness is comparable.
    titles : sequence of n str, optional
        One title per panel.
    ncols : int, default 10
        Panels per row.
    size : float, default 1.3
        Width and height of one panel in inches.
    cmap : str, default "gray"
    suptitle : str, optional
        A title over the whole grid.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> figure = show_images(np.zeros((3, 4, 4)), titles=["a", "b", "c"], ncols=2)
    >>> len(figure.axes)
    4
    >>> plt.close(figure)
    """
    images = np.asarray(images)
    if images.ndim != 3:
        raise ValueError(f"images has shape {images.shape}; expected (n, height, width). "
                         "For flattened images use images.reshape(n, 64, 64).")
    if titles is not None and len(titles) != len(images):
        raise ValueError(f"got {len(titles)} titles for {len(images)} images.")
    ncols = min(ncols, len(images))
    nrows = -(-len(images) // ncols)
    figure, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * nrows + 0.3),
                                squeeze=False)
    for k, ax in enumerate(axes.flat):
        ax.axis("off")
        if k < len(images):
            ax.imshow(images[k], cmap=cmap, vmin=0, vmax=1)
            if titles is not None:
                ax.set_title(titles[k], fontsize=9)
    if suptitle:
        figure.suptitle(suptitle)
    figure.tight_layout()
    return figure


def draw_neuron(ax: plt.Axes | None = None, n_inputs: int = 4096) -> plt.Axes:
    """Draw one neuron: pixel inputs, weights, the weighted sum with bias, the sigmoid.

    Parameters
    ----------
    ax : matplotlib Axes, optional
        Where to draw; a new figure if omitted.
    n_inputs : int, default 4096
        The number written on the last input.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = draw_neuron()
    >>> any("sigma" in text.get_text() for text in ax.texts)
    True
    >>> plt.close(ax.figure)
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(8.5, 3.6))
    inputs = [("$x_1$", 1.5), ("$x_2$", 0.75), ("$x_3$", 0.0), ("$\\vdots$", -0.75),
              (f"$x_{{{n_inputs}}}$", -1.5)]
    weights = ["$w_1$", "$w_2$", "$w_3$", "", f"$w_{{{n_inputs}}}$"]
    sum_at, sigmoid_at, out_at = (3.2, 0.0), (5.2, 0.0), (7.0, 0.0)
    arrow = {"arrowstyle": "-|>", "color": "0.35", "shrinkA": 12, "shrinkB": 17}
    for (name, y), weight in zip(inputs, weights, strict=True):
        if name == "$\\vdots$":
            ax.text(0, y, name, ha="center", va="center", fontsize=14)
            continue
        ax.add_patch(plt.Circle((0, y), 0.36, facecolor="#fdf3dc", edgecolor="0.3"))
        ax.text(0, y, name, ha="center", va="center", fontsize=11 if len(name) < 8 else 8.5)
        ax.annotate("", xy=sum_at, xytext=(0, y), arrowprops=arrow)
        ax.text(1.35, y * 0.62 + 0.12, weight, ha="center", va="bottom", fontsize=10,
                color="tab:blue")
    for (x, y), label in [(sum_at, "$\\Sigma$"), (sigmoid_at, "$\\sigma$")]:
        ax.add_patch(plt.Circle((x, y), 0.45, facecolor="#eef3fb", edgecolor="0.3"))
        ax.text(x, y, label, ha="center", va="center", fontsize=15)
    ax.text(sum_at[0], -0.75, "$z = w^T x + b$", ha="center", va="top", fontsize=11)
    ax.text(sum_at[0], 0.62, "$+\\,b$", ha="center", va="bottom", fontsize=11, color="tab:blue")
    ax.annotate("", xy=sigmoid_at, xytext=sum_at, arrowprops={**arrow, "shrinkA": 17})
    ax.text(sigmoid_at[0], -0.75, "$\\hat y = \\sigma(z)$", ha="center", va="top", fontsize=11)
    ax.annotate("", xy=out_at, xytext=sigmoid_at, arrowprops={**arrow, "shrinkB": 2})
    ax.text(out_at[0] + 0.1, 0, "P(sign is 1)", ha="left", va="center", fontsize=11)
    ax.text(0, -2.15, "pixels", ha="center", fontsize=10, color="0.3")
    ax.set_xlim(-0.6, 8.8)
    ax.set_ylim(-2.3, 2.0)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax
