"""The dataset pipeline on small archives the tests make themselves."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile

import numpy as np
import pytest
from PIL import Image
from sklearn.model_selection import train_test_split

from helpers import data

from .conftest import REPO, SMALL_COUNTS, image_bytes, small_images, write_archive

# --------------------------------------------------------------------------------------
# The APFS order
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("message", "standard_crc32c"), [
    (b"123456789", 0xE3069283),              # the usual CRC check value
    (bytes(32), 0x8A9136AA),                  # iSCSI test vectors, RFC 3720 section B.4
    (b"\xff" * 32, 0x62A8AB43),
    (bytes(range(32)), 0x46DD794E),
    (bytes(range(31, -1, -1)), 0x113FDB5C),
])
def test_crc32c_matches_published_check_values(message, standard_crc32c):
    # data.crc32c leaves out the final xor, as APFS does; the standard value includes it.
    assert data.crc32c(message) ^ 0xFFFFFFFF == standard_crc32c


def test_digit_folders_sort_in_the_kaggle_order():
    folders = [str(d) for d in range(10)]
    assert data.apfs_sorted(folders) == ["9", "0", "7", "6", "1", "8", "4", "3", "2", "5"]
    assert tuple(int(f) for f in data.apfs_sorted(folders)) == data.KAGGLE_DIGIT_ORDER


def test_apfs_hash_ignores_case_and_unicode_form():
    composed, decomposed = "caf\u00e9.JPG", "cafe\u0301.jpg"
    assert data.apfs_name_hash(composed) == data.apfs_name_hash(decomposed)
    assert data.apfs_name_hash("IMG_1.JPG") == data.apfs_name_hash("img_1.jpg")
    assert 0 <= data.apfs_name_hash("IMG_5193.JPG") < 2**22


def test_apfs_ties_are_broken_by_name(monkeypatch):
    monkeypatch.setattr(data, "apfs_name_hash", lambda name: 7)
    assert data.apfs_sorted(["b", "c", "a"]) == ["a", "b", "c"]


# --------------------------------------------------------------------------------------
# One image: grey, stretch, resize
# --------------------------------------------------------------------------------------


def png(pixels: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(pixels.astype(np.uint8), "RGB").save(buffer, "PNG")
    return buffer.getvalue()


def test_grey_and_stretch_follow_the_recipe_exactly():
    rng = np.random.default_rng(0)
    pixels = rng.integers(40, 200, size=(8, 8, 3))
    result = data.image_to_array(png(pixels), size=8)   # same size: no resampling
    grey = pixels @ np.array([0.299, 0.587, 0.114])
    expected = np.floor((grey - grey.min()) / (grey.max() - grey.min()) * 255 + 0.5) / 255
    assert result.dtype == np.float32
    np.testing.assert_allclose(result, expected, atol=1e-7)
    assert result.min() == 0.0 and result.max() == 1.0   # the stretch spans the full range


def test_bright_stays_bright():
    pixels = np.zeros((20, 20, 3))
    pixels[:, 10:] = 250                # right half bright
    result = data.image_to_array(png(pixels), size=4)
    # Not inverted: the dark edge stays 0, the bright edge 1, the middle columns blend.
    np.testing.assert_array_equal(result[:, 0], 0.0)
    np.testing.assert_array_equal(result[:, -1], 1.0)
    assert (np.diff(result, axis=1) > 0).all()


def test_stretch_happens_before_the_resize():
    rng = np.random.default_rng(1)
    pixels = rng.integers(0, 256, size=(100, 100, 3))
    grey = pixels @ np.array([0.299, 0.587, 0.114])
    stretched = ((grey - grey.min()) / (grey.max() - grey.min()) * 255 + 0.5).astype(np.uint8)
    resized = Image.fromarray(stretched).resize((64, 64), Image.Resampling.BILINEAR)
    expected = np.asarray(resized, dtype=np.float32) / np.float32(255)
    np.testing.assert_array_equal(data.image_to_array(png(pixels)), expected)
    # Resizing first and stretching after gives a visibly different image.
    assert not np.array_equal(data.image_to_array(png(pixels)),
                              np.asarray(Image.fromarray(grey.astype(np.uint8)).resize(
                                  (64, 64), Image.Resampling.BILINEAR), np.float32) / 255)


def test_unreadable_and_flat_images_are_named():
    with pytest.raises(data.ArchiveError, match=r"3/IMG_1\.JPG is not a readable image"):
        data.image_to_array(b"not a jpeg", name="3/IMG_1.JPG")
    with pytest.raises(data.ArchiveError, match="one flat colour"):
        data.image_to_array(png(np.full((5, 5, 3), 90)), name="flat")


# --------------------------------------------------------------------------------------
# A whole archive: order, labels, verification
# --------------------------------------------------------------------------------------


def test_build_orders_blocks_and_files_like_apfs(small_archive, small_expected):
    path, images = small_archive
    X, Y = data.build_arrays(path, size=8, **small_expected)
    n = sum(SMALL_COUNTS.values())
    assert X.shape == (n, 8, 8) and X.dtype == np.float32
    assert Y.shape == (n, 10) and Y.dtype == np.float64
    row = 0
    for position, folder in enumerate(["9", "0", "7", "6", "1", "8", "4", "3", "2", "5"]):
        for name in data.apfs_sorted(list(images[folder])):
            expected = data.image_to_array(images[folder][name], size=8)
            np.testing.assert_array_equal(X[row], expected, err_msg=f"{folder}/{name}")
            assert Y[row].argmax() == position and Y[row].sum() == 1
            assert data.digits(Y[row:row + 1])[0] == int(folder)
            row += 1
    assert row == n


def test_build_accepts_any_single_top_folder_name(tmp_path, small_expected):
    images = small_images()
    for top in ("Sign-Language-Digits-Dataset-master",
                f"Sign-Language-Digits-Dataset-{data.COMMIT}"):
        path = write_archive(tmp_path / f"{top}.zip", images, top=top)
        X, _ = data.build_arrays(path, size=8, **small_expected)
        assert len(X) == sum(SMALL_COUNTS.values())


def test_archive_without_a_single_top_folder_is_rejected(tmp_path):
    path = tmp_path / "flat.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("Dataset/0/IMG_1.JPG", image_bytes(1))
        archive.writestr("other/README.md", "x")
    with pytest.raises(data.ArchiveError, match="one top folder"):
        data.read_archive(path)


def test_wrong_count_is_reported_per_folder(tmp_path, small_expected):
    images = small_images()
    images["3"]["IMG_EXTRA.JPG"] = image_bytes(12345)
    path = write_archive(tmp_path / "extra.zip", images)
    with pytest.raises(data.ArchiveError, match=r"folder 3: 3 images, expected 2"):
        data.build_arrays(path, **small_expected)


def test_missing_folder_is_reported(tmp_path, small_expected):
    images = small_images()
    del images["7"]
    path = write_archive(tmp_path / "no7.zip", images)
    with pytest.raises(data.ArchiveError, match="expected image folders"):
        data.build_arrays(path, **small_expected)


def test_changed_image_fails_the_digest(tmp_path, small_expected):
    images = small_images()
    images["5"][next(iter(images["5"]))] = image_bytes(4242)   # same count, other pixels
    path = write_archive(tmp_path / "edited.zip", images)
    with pytest.raises(data.ArchiveError, match="SHA-256"):
        data.build_arrays(path, **small_expected)


def test_truncated_archive_is_rejected(tmp_path, small_archive, small_expected):
    content = small_archive[0].read_bytes()
    path = tmp_path / "cut.zip"
    path.write_bytes(content[: len(content) // 2])
    with pytest.raises(data.ArchiveError, match="not a complete zip archive"):
        data.build_arrays(path, **small_expected)


def test_corrupted_member_is_rejected(tmp_path, small_archive, small_expected):
    content = bytearray(small_archive[0].read_bytes())
    name = "Dataset/0/"
    at = content.index(name.encode()) + 200           # inside the first image's data
    content[at:at + 40] = bytes(40)
    path = tmp_path / "flipped.zip"
    path.write_bytes(bytes(content))
    with pytest.raises(data.ArchiveError):
        data.build_arrays(path, **small_expected)


def test_the_real_digest_constant_is_not_what_a_small_archive_gives(small_archive):
    # Guards against a digest check that accepts anything.
    with pytest.raises(data.ArchiveError, match="SHA-256"):
        data.verify_images(small_archive[1], SMALL_COUNTS)


# --------------------------------------------------------------------------------------
# The cache: atomic writes, nothing left behind, a learner's own Kaggle files
# --------------------------------------------------------------------------------------


def cache_listing(cache_dir):
    return sorted(p.name for p in cache_dir.iterdir()) if cache_dir.exists() else []


def test_prepare_builds_then_reuses_the_cache(tmp_path, small_archive, small_expected):
    cache = tmp_path / "cache"
    first = data.prepare_sign_digits(cache, archive=small_archive[0], **small_expected)
    assert first["built"] and cache_listing(cache) == ["X.npy", "Y.npy", "provenance.json"]
    assert first["source"] == "local archive small.zip"
    second = data.prepare_sign_digits(cache, archive=tmp_path / "does-not-exist.zip",
                                      **small_expected)
    assert not second["built"] and second["source"] == first["source"]


def test_archive_from_environment_variable_as_file_url(tmp_path, monkeypatch, small_archive,
                                                       small_expected):
    monkeypatch.setenv(data.ARCHIVE_ENV, small_archive[0].as_uri())
    cache = tmp_path / "cache"
    summary = data.prepare_sign_digits(cache, **small_expected)
    assert summary["built"] and (cache / "X.npy").is_file()


@pytest.mark.parametrize("damage", ["count", "truncate", "digest"])
def test_a_bad_archive_leaves_no_cache(tmp_path, small_expected, damage):
    images = small_images()
    if damage == "count":
        del images["2"][next(iter(images["2"]))]
    if damage == "digest":
        images["2"][next(iter(images["2"]))] = image_bytes(777)
    path = write_archive(tmp_path / "bad.zip", images)
    if damage == "truncate":
        path.write_bytes(path.read_bytes()[:-300])
    cache = tmp_path / "cache"
    with pytest.raises(data.ArchiveError):
        data.prepare_sign_digits(cache, archive=path, **small_expected)
    assert cache_listing(cache) == []


def test_a_failing_write_leaves_neither_half_files_nor_temporaries(tmp_path, monkeypatch):
    X, Y = np.zeros((3, 2, 2), np.float32), np.eye(10)[:3]
    real_save, calls = np.save, []

    def save_then_fail(file, array):
        calls.append(array.shape)
        if len(calls) == 2:              # X is written; Y dies halfway
            file.write(b"\x93NUMPY half")
            raise KeyboardInterrupt
        real_save(file, array)

    monkeypatch.setattr(np, "save", save_then_fail)
    with pytest.raises(KeyboardInterrupt):
        data.save_cache(X, Y, tmp_path, {"source": "test"})
    assert calls == [X.shape, Y.shape]
    assert cache_listing(tmp_path) == []


def test_save_cache_replaces_an_old_cache_whole(tmp_path):
    data.save_cache(np.zeros((2, 2, 2)), np.eye(10)[:2], tmp_path, {"source": "old"})
    data.save_cache(np.ones((3, 2, 2)), np.eye(10)[:3], tmp_path, {"source": "new"})
    assert np.load(tmp_path / "X.npy").shape == (3, 2, 2)
    assert data.read_provenance(tmp_path)["source"] == "new"
    assert cache_listing(tmp_path) == ["X.npy", "Y.npy", "provenance.json"]


def kaggle_like(n=2062, seed=0):
    """Arrays with the shapes and the broad statistics of Kaggle's: bright photos with
    contrast (mean pixel about 0.68) and labels in ten blocks."""
    rng = np.random.default_rng(seed)
    X = (0.35 + 0.65 * rng.random((n, 64, 64))).astype(np.float32)
    Y = np.eye(10)[np.sort(rng.integers(0, 10, n))]
    return X, Y


def test_a_learners_own_kaggle_files_are_used_as_they_are(tmp_path, monkeypatch):
    X, Y = kaggle_like()
    np.save(tmp_path / "X.npy", X)
    np.save(tmp_path / "Y.npy", Y)
    monkeypatch.setenv(data.ARCHIVE_ENV, str(tmp_path / "no-such-archive.zip"))
    loaded_X, loaded_Y = data.load_sign_digits(tmp_path)
    np.testing.assert_array_equal(loaded_X, X)
    np.testing.assert_array_equal(loaded_Y, Y)
    assert loaded_X.dtype == np.float32
    summary = data.prepare_sign_digits(tmp_path)
    assert summary["source"] == "your own X.npy and Y.npy" and not summary["built"]


@pytest.mark.parametrize(("X_shape", "Y_shape", "message"), [
    ((2062, 4096), (2062, 10), r"X has shape \(2062, 4096\), expected \(2062, 64, 64\)\. "
                               r"It looks flattened"),
    ((2062, 64, 64), (2062,), r"Y has shape \(2062,\), expected \(2062, 10\)"),
    ((410, 64, 64), (410, 10), r"X has shape \(410, 64, 64\)"),
])
def test_kaggle_files_of_the_wrong_shape_are_rejected(tmp_path, X_shape, Y_shape, message):
    np.save(tmp_path / "X.npy", np.zeros(X_shape, np.float32))
    np.save(tmp_path / "Y.npy", np.zeros(Y_shape))
    with pytest.raises(ValueError, match=message):
        data.load_sign_digits(tmp_path)


def test_pixels_out_of_range_and_bad_one_hot_are_rejected(tmp_path):
    X, Y = kaggle_like()
    np.save(tmp_path / "X.npy", X * 255)
    np.save(tmp_path / "Y.npy", Y)
    with pytest.raises(ValueError, match=r"Were the pixels left as 0\.\.255"):
        data.load_sign_digits(tmp_path)
    np.save(tmp_path / "X.npy", X)
    Y[5] = 0.1
    np.save(tmp_path / "Y.npy", Y)
    with pytest.raises(ValueError, match="row 5 is not"):
        data.load_sign_digits(tmp_path)


def test_only_one_kaggle_file_is_an_error_not_a_rebuild(tmp_path):
    X, _ = kaggle_like()
    np.save(tmp_path / "X.npy", X)
    with pytest.raises(ValueError, match="holds X.npy but not Y.npy"):
        data.load_sign_digits(tmp_path)
    assert cache_listing(tmp_path) == ["X.npy"]       # the learner's file is untouched


def test_no_data_anywhere_gives_the_three_ways(tmp_path, monkeypatch, unused_port_url):
    monkeypatch.delenv(data.ARCHIVE_ENV, raising=False)
    monkeypatch.setattr(data, "RETRY_WAIT_SECONDS", 0.0)
    with pytest.raises(data.DataNotFoundError) as caught:
        data.prepare_sign_digits(tmp_path / "cache", url=unused_port_url, progress=False)
    message = str(caught.value)
    assert "failed after 2 attempt(s)" in message
    assert "python -m helpers.data" in message and data.ARCHIVE_ENV in message
    assert "X.npy and Y.npy" in message and str(tmp_path / "cache") in message
    assert cache_listing(tmp_path / "cache") == []


def test_archive_variable_naming_a_missing_file(tmp_path, monkeypatch):
    monkeypatch.setenv(data.ARCHIVE_ENV, str(tmp_path / "typo.zip"))
    with pytest.raises(data.DataNotFoundError, match=r"typo\.zip, which is not a file"):
        data.prepare_sign_digits(tmp_path / "cache")


def test_command_line_prints_a_summary(tmp_path):
    X, Y = kaggle_like()
    np.save(tmp_path / "X.npy", X)
    np.save(tmp_path / "Y.npy", Y)
    result = subprocess.run([sys.executable, "-m", "helpers.data", "--cache-dir", str(tmp_path)],
                            capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
    counts = np.bincount(data.digits(Y), minlength=10)
    assert "already cached" in result.stdout
    assert "your own X.npy and Y.npy" in result.stdout
    assert f"0: {counts[0]}, 1: {counts[1]}" in result.stdout
    assert "(2062, 64, 64) float32" in result.stdout and "(2062, 10) float64" in result.stdout


def test_command_line_reports_a_bad_cache_without_a_traceback(tmp_path):
    np.save(tmp_path / "X.npy", np.zeros((2062, 4096), np.float32))
    np.save(tmp_path / "Y.npy", np.eye(10)[np.zeros(2062, int)])
    result = subprocess.run([sys.executable, "-m", "helpers.data", "--cache-dir", str(tmp_path)],
                            capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "It looks flattened" in result.stderr


def test_command_line_without_data_exits_with_the_message(tmp_path, unused_port_url):
    env = {"PATH": "/usr/bin:/bin", data.ARCHIVE_ENV: unused_port_url}
    result = subprocess.run([sys.executable, "-m", "helpers.data",
                             "--cache-dir", str(tmp_path / "cache")],
                            capture_output=True, text=True, cwd=REPO, env=env, timeout=60)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "Any one of these works" in result.stderr


# --------------------------------------------------------------------------------------
# Labels, subset, split
# --------------------------------------------------------------------------------------


def test_digits_maps_columns_through_the_kaggle_order():
    np.testing.assert_array_equal(data.digits(np.eye(10)), data.KAGGLE_DIGIT_ORDER)
    with pytest.raises(ValueError, match=r"expected \(n_images, 10\)"):
        data.digits(np.eye(10)[:, :9])


def test_zero_one_subset_takes_the_first_of_each_by_true_digit():
    labels_in_order = [9, 0, 1, 0, 1, 1, 0, 5]
    Y = np.eye(10)[[data.KAGGLE_DIGIT_ORDER.index(d) for d in labels_in_order]]
    X = np.arange(8.0).reshape(8, 1, 1)
    X01, y01 = data.zero_one_subset(X, Y, per_class=2)
    assert X01.ravel().tolist() == [1.0, 3.0, 2.0, 4.0]
    assert y01.shape == (4, 1) and y01.ravel().tolist() == [0, 0, 1, 1]
    with pytest.raises(ValueError, match="4 images of digit 0, but there are only 3"):
        data.zero_one_subset(X, Y, per_class=4)
    with pytest.raises(ValueError, match="X has 7 images but Y has 8 rows"):
        data.zero_one_subset(X[:7], Y)


@pytest.mark.parametrize(("n", "test_size", "seed"), [(410, 0.15, 42), (50, 0.3, 0), (11, 0.5, 7)])
def test_split_matches_scikit_learn(n, test_size, seed):
    rng = np.random.default_rng(n)
    X01, y01 = rng.random((n, 3, 4)), rng.integers(0, 2, (n, 1)).astype(float)
    ours = data.train_test_arrays(X01, y01, test_size=test_size, random_state=seed)
    x_tr, x_te, y_tr, y_te = train_test_split(X01, y01, test_size=test_size, random_state=seed)
    theirs = (x_tr.reshape(len(x_tr), -1).T, x_te.reshape(len(x_te), -1).T, y_tr.T, y_te.T)
    for mine, reference in zip(ours, theirs, strict=True):
        assert mine.shape == reference.shape
        np.testing.assert_array_equal(mine, reference)
    assert all(a.flags.c_contiguous for a in ours)


def test_split_rejects_mismatched_inputs():
    with pytest.raises(ValueError, match="10 images but y01 has 9 labels"):
        data.train_test_arrays(np.zeros((10, 2, 2)), np.zeros(9))
    with pytest.raises(ValueError, match="between 0 and 1"):
        data.train_test_arrays(np.zeros((10, 2, 2)), np.zeros(10), test_size=15)


def test_the_missing_data_message_speaks_powershell_on_windows(monkeypatch):
    monkeypatch.setattr(data.os, "name", "nt")
    message = data.missing_data_message("no data", cache_dir="C:/cache")
    assert '$env:SIGN_DIGITS_ARCHIVE = "C:\\path\\to\\' in message and "export " not in message
