"""The real archive end to end. These skip on a machine without the data, and fail instead
of skipping when SIGN_DIGITS_REQUIRED is set (as .ci/run does)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np

from helpers import data

from .conftest import REPO

# Block ranges of the Kaggle arrays, as listed in DESIGN section 3 (from reproducing the
# original run): digit -> [start, stop).
KAGGLE_BLOCKS = {9: (0, 204), 0: (204, 409), 7: (409, 615), 6: (615, 822), 1: (822, 1028),
                 8: (1028, 1236), 4: (1236, 1443), 3: (1443, 1649), 2: (1649, 1855),
                 5: (1855, 2062)}


def test_shapes_types_and_range(real_arrays):
    X, Y = real_arrays
    assert X.shape == (2062, 64, 64) and X.dtype == np.float32
    assert Y.shape == (2062, 10) and np.issubdtype(Y.dtype, np.floating)
    assert X.min() >= 0.0 and X.max() == 1.0
    np.testing.assert_array_equal(Y.sum(axis=1), 1.0)


def test_blocks_follow_the_kaggle_order(real_arrays):
    _, Y = real_arrays
    true_digits = data.digits(Y)
    for digit, (start, stop) in KAGGLE_BLOCKS.items():
        assert (true_digits[start:stop] == digit).all(), digit
    blocks = [int(true_digits[start]) for start, _ in sorted(KAGGLE_BLOCKS.values())]
    assert tuple(blocks) == data.KAGGLE_DIGIT_ORDER
    # Y's column is the block position, so trusting argmax as the digit is wrong for 8 of 10.
    assert (Y.argmax(axis=1) != true_digits).mean() > 0.75


def test_images_per_digit(real_arrays):
    counts = np.bincount(data.digits(real_arrays[1]), minlength=10)
    assert dict(enumerate(counts.tolist())) == {int(d): n for d, n in
                                                data.IMAGES_PER_DIGIT.items()}


def test_mean_pixel_is_the_kaggle_arrays(real_arrays):
    # DESIGN section 3: the whole Kaggle X.npy has a mean pixel of about 0.681. An inverted
    # build would give about 0.319, a build without the stretch a visibly different value.
    assert abs(float(real_arrays[0].mean(dtype=np.float64)) - 0.681) < 0.001


def test_zero_one_subset_is_the_tutorials_slices(real_arrays):
    X, Y = real_arrays
    X01, y01 = data.zero_one_subset(X, Y)
    np.testing.assert_array_equal(X01, np.concatenate((X[204:409], X[822:1027])))
    np.testing.assert_array_equal(y01.ravel(), np.repeat([0.0, 1.0], 205))
    assert data.digits(Y[1027:1028])[0] == 1          # the 206th one, left out to balance
    x_train, x_test, y_train, y_test = data.train_test_arrays(X01, y01)
    assert (x_train.shape, x_test.shape, y_train.shape, y_test.shape) == (
        (4096, 348), (4096, 62), (1, 348), (1, 62))


def test_archive_order_and_digest(real_archive):
    images = data.read_archive(real_archive)
    assert data.images_digest(images) == data.IMAGES_DIGEST
    assert data.apfs_sorted(list(images["0"]))[:3] == ["IMG_5193.JPG", "IMG_4266.JPG",
                                                       "IMG_1322.JPG"]
    # The two images known to be filed under the wrong digit are there as published, at
    # the rows data.MISFILED_IMAGES gives (block start + position in APFS order).
    block_start = {digit: start for digit, (start, _) in KAGGLE_BLOCKS.items()}
    for row, (file, folder, _shown) in data.MISFILED_IMAGES.items():
        name = file.rsplit("/", 1)[1]
        position = data.apfs_sorted(list(images[str(folder)])).index(name)
        assert block_start[folder] + position == row


def test_command_builds_the_same_arrays_from_the_archive(real_archive, real_arrays, tmp_path):
    result = subprocess.run([sys.executable, "-m", "helpers.data", "--cache-dir", str(tmp_path),
                             "--archive", str(real_archive)],
                            capture_output=True, text=True, cwd=REPO, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "built in" in result.stdout and "0: 205, 1: 206, 2: 206" in result.stdout
    assert f"source:      local archive {real_archive.name}" in result.stdout
    np.testing.assert_array_equal(np.load(tmp_path / "X.npy"), real_arrays[0])
    np.testing.assert_array_equal(np.load(tmp_path / "Y.npy"), real_arrays[1])
    assert data.read_provenance(tmp_path)["images_sha256"] == data.IMAGES_DIGEST
