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
