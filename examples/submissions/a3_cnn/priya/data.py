"""A dataset of small images the assignment generates itself (nothing to download).

Given code: nothing to write here.
"""

import numpy as np

#: The classes of make_bars, in label order.
CLASSES = ("horizontal bar", "vertical bar", "cross")


def make_bars(n_per_class=100, size=16, noise=0.3, seed=0):
    """Grayscale images of a horizontal bar, a vertical bar, or a cross of both, at random
    places and lengths, on a noisy background: what a 3x3 edge filter sees at once and a
    single pixel never does.

    Each image is size x size. A bar is 2 pixels thick and between size // 2 and size - 2
    pixels long, with brightness in [1, 2]; a cross is one bar of each kind whose centers
    coincide. Every pixel gets Gaussian noise of standard deviation ``noise``.

    Inputs:
    - n_per_class: Images per class, an int >= 1.
    - size: The height and width of the images, an int >= 6.
    - noise: Standard deviation of the pixel noise.
    - seed: Seed of np.random.default_rng: the same seed gives the same images.

    Returns a tuple of:
    - X: Images, of shape (3 * n_per_class, 1, size, size), shuffled.
    - y: Labels, of shape (3 * n_per_class,), 0 (horizontal), 1 (vertical) or 2 (cross).
    """
    rng = np.random.default_rng(seed)
    labels = np.repeat(np.arange(len(CLASSES)), n_per_class)
    rng.shuffle(labels)
    X = rng.normal(0.0, noise, size=(labels.size, 1, size, size))
    for image, label in zip(X[:, 0], labels, strict=True):
        length = int(rng.integers(size // 2, size - 1))
        brightness = rng.uniform(1.0, 2.0)
        # The bars' common center: the bars stay inside the image.
        row, col = rng.integers(length // 2 + 1, size - length + length // 2, size=2)
        if label in (0, 2):
            image[row - 1 : row + 1, col - length // 2 : col - length // 2 + length] += brightness
        if label in (1, 2):
            image[row - length // 2 : row - length // 2 + length, col - 1 : col + 1] += brightness
    return X, labels
