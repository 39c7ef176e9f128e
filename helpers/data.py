"""The Sign Language Digits dataset, rebuilt as the Kaggle arrays ``X.npy`` and ``Y.npy``.

Most learners know this dataset as two Kaggle files: ``X.npy`` (2062 grey 64x64 images,
float32 in [0, 1]) and ``Y.npy`` (2062 one-hot rows). This module rebuilds those arrays from
the original archive of JPEG photos by the same recipe (same images, order and labels; some
pixel values may differ slightly, because JPEG decoders and resizers of different library
versions round differently), caches them, and offers the three steps
every notebook of the series needs: the true digit of each row, the balanced 0/1 subset and
the train/test split in the tutorial's (features, examples) layout.

Where the data comes from, in the order tried by :func:`load_sign_digits`:

1. the cache folder (``X.npy`` + ``Y.npy``; your own Kaggle files dropped there are used as
   they are), see below;
2. a local copy of the archive named by the environment variable ``SIGN_DIGITS_ARCHIVE``
   (a path or a ``file://`` URL);
3. a download of the archive from GitHub.

Where the cache folder is (:func:`default_cache_dir`; pass ``cache_dir=`` to choose another):

* ``$SIGN_DIGITS_DATA/sign-language-digits`` if the environment variable ``SIGN_DIGITS_DATA``
  names a data folder (like scikit-learn's ``SCIKIT_LEARN_DATA``);
* else ``data/sign-language-digits`` in this repository, when this file is the repository's
  ``helpers/data.py``;
* else ``~/sign_digits_data/sign-language-digits`` in your home folder: where a copy of this
  file, or an installed one, keeps the data (like scikit-learn's ``~/scikit_learn_data``).

Depends on numpy, Pillow and the standard library only, so the file can be copied alone.
Run ``python -m helpers.data`` (or ``python data.py`` for a copy) to prepare the cache and
print a summary that says where it is.
"""

from __future__ import annotations

import argparse
import errno
import hashlib
import http.client
import io
import json
import os
import secrets
import shutil
import sys
import tempfile
import time
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
import zipfile
import zlib
from pathlib import Path

import numpy as np
from PIL import Image, UnidentifiedImageError

COMMIT = "4b09433ef9d5c60602e8805bb54b8aa2428527f8"
DOWNLOAD_URL = f"https://github.com/ardamavi/Sign-Language-Digits-Dataset/archive/{COMMIT}.zip"
ARCHIVE_ENV = "SIGN_DIGITS_ARCHIVE"
DATA_HOME_ENV = "SIGN_DIGITS_DATA"
CACHE_FOLDER_NAME = "sign-language-digits"

#: Kaggle's ``Y.npy`` column k holds the k-th folder in macOS directory order, not digit k.
KAGGLE_DIGIT_ORDER = (9, 0, 7, 6, 1, 8, 4, 3, 2, 5)
#: Images per digit folder in the original archive (folder name -> count).
IMAGES_PER_DIGIT = {"0": 205, "1": 206, "2": 206, "3": 206, "4": 207,
                    "5": 207, "6": 207, "7": 206, "8": 208, "9": 204}
#: Two photos filed under the wrong digit in the original archive, kept as published:
#: row in X -> (file in the archive, folder it is filed in, digit the hand shows).
MISFILED_IMAGES = {1529: ("Dataset/3/IMG_5108.JPG", 3, 7),
                   1839: ("Dataset/2/IMG_5176.JPG", 2, 3)}
#: SHA-256 over the 2,062 image files, as computed by :func:`images_digest` on the archive
#: of commit 4b09433 (and on the local copy, whose bytes are the same).
IMAGES_DIGEST = "de026d50248143492db12ee27ba4fbadc4ea86099f10978bf2684326cb388cc5"
IMAGE_SIZE = 64
N_IMAGES = sum(IMAGES_PER_DIGIT.values())
N_CLASSES = 10
CACHE_FILES = ("X.npy", "Y.npy")
PROVENANCE_FILE = "provenance.json"
INCOMPLETE_MARKER = ".incomplete"
RETRY_WAIT_SECONDS = 2.0
DOWNLOAD_DEADLINE_SECONDS = 900.0
MAX_DOWNLOAD_BYTES = 200_000_000


class DataNotFoundError(FileNotFoundError):
    """There is no cache, and no archive could be found or downloaded."""


class ArchiveError(ValueError):
    """The archive is damaged or does not hold the expected images."""


class _LimitExceeded(Exception):
    """A download broke a limit that trying again would not fix."""


# --------------------------------------------------------------------------------------
# The directory order of macOS APFS, which decided the order of the Kaggle arrays
# --------------------------------------------------------------------------------------

def _crc32c_table() -> tuple[int, ...]:
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
        table.append(crc)
    return tuple(table)


_CRC32C_TABLE = _crc32c_table()


def crc32c(data: bytes, crc: int = 0xFFFFFFFF) -> int:
    """CRC-32C (Castagnoli) of ``data`` without the final xor, as APFS uses it.

    Parameters
    ----------
    data : bytes
        The bytes to checksum.
    crc : int, default 0xFFFFFFFF
        The starting value.

    Returns
    -------
    int
        The 32-bit checksum. The standard CRC-32C applies a final ``^ 0xFFFFFFFF``.

    Examples
    --------
    >>> hex(crc32c(b"123456789") ^ 0xFFFFFFFF)  # the standard check value
    '0xe3069283'
    """
    for byte in data:
        crc = _CRC32C_TABLE[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc


def apfs_name_hash(name: str) -> int:
    """The 22-bit hash by which APFS orders a directory listing.

    The name is case-folded, NFD-normalised, encoded as UTF-32LE and checksummed with
    :func:`crc32c`; the low 22 bits are kept.

    Examples
    --------
    >>> apfs_name_hash("0") < apfs_name_hash("1")
    True
    """
    folded = unicodedata.normalize("NFD", name.casefold())
    return crc32c(folded.encode("utf-32-le")) & 0x3FFFFF


def apfs_sorted(names: list[str]) -> list[str]:
    """Sort file or folder names as a macOS APFS directory listing shows them.

    Ties in the hash (rare) are broken by the name itself.

    Examples
    --------
    >>> apfs_sorted([str(d) for d in range(10)])
    ['9', '0', '7', '6', '1', '8', '4', '3', '2', '5']
    """
    return sorted(names, key=lambda name: (apfs_name_hash(name), name))


# --------------------------------------------------------------------------------------
# Reading, verifying and converting the archive
# --------------------------------------------------------------------------------------

#: Limits far above the real archive's (2,087 entries; 2,062 photos, 24 MB in all, the
#: largest 1.6 MB; JPEGs that compress by less than 2 times) and far below a machine's
#: memory, so a damaged or hostile zip (a "zip bomb" that declares, or unpacks to,
#: gigabytes) is refused before it is read.
MAX_ENTRIES = 20_000
MAX_IMAGE_BYTES = 20_000_000
MAX_TOTAL_BYTES = 500_000_000
MAX_COMPRESSION_RATIO = 50
MAX_IMAGE_PIXELS = 16_000_000          # the photos: 2,059 of 100 x 100, 3 of 3024 x 3024


def _is_metadata(name: str) -> bool:
    """Files an operating system adds when it zips a folder: macOS's __MACOSX/ and .DS_Store."""
    parts = name.split("/")
    return "__MACOSX" in parts or parts[-1] in (".DS_Store", "Thumbs.db") or \
        parts[-1].startswith("._")


def read_archive(path: str | os.PathLike, max_image_bytes: int = MAX_IMAGE_BYTES,
                 max_total_bytes: int = MAX_TOTAL_BYTES) -> dict[str, dict[str, bytes]]:
    """Read every image of ``<top>/Dataset/<folder>/`` from the zip archive at ``path``.

    The archive must have one top folder, whatever it is called (GitHub names it after
    the commit; the local copy is called ``Sign-Language-Digits-Dataset-master``). Files
    that macOS adds when it zips a folder (``__MACOSX/``, ``.DS_Store``) are ignored.
    Before anything is unpacked, the zip's directory is checked against generous limits
    (entry count, each image's size, the total, how much an image claims to compress), and
    no image is read beyond its limit, so memory stays bounded whatever the file claims.

    Returns
    -------
    dict
        ``{folder name: {file name: file bytes}}``, e.g. ``images["0"]["IMG_1118.JPG"]``.

    Raises
    ------
    ArchiveError
        If the file is not a readable zip, is truncated, damaged, encrypted or compressed
        with a method Python cannot read, exceeds the limits, has no single top folder,
        or has no ``Dataset`` folder.
    """
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ENTRIES:
                raise ArchiveError(f"{path.name} holds {len(infos):,} entries; the dataset's zip "
                                   f"holds about 2,100 (limit {MAX_ENTRIES:,}). Is this the "
                                   "Sign Language Digits archive?")
            entries = [info for info in infos
                       if not info.is_dir() and not _is_metadata(info.filename)]
            tops = {info.filename.split("/", 1)[0] for info in entries}
            if len(tops) != 1 or all("/" not in info.filename for info in entries):
                raise ArchiveError(
                    f"{path.name}: expected one top folder holding Dataset/0 .. Dataset/9, "
                    f"found top-level entries {sorted(tops)[:5]}; is this the dataset's zip?")
            wanted = [info for info in entries if len(info.filename.split("/")) == 4
                      and info.filename.split("/")[1] == "Dataset"]
            _check_sizes(path.name, wanted, max_image_bytes, max_total_bytes)
            images: dict[str, dict[str, bytes]] = {}
            for info in wanted:
                parts = info.filename.split("/")
                with archive.open(info) as member:
                    content = member.read(max_image_bytes + 1)
                if len(content) > max_image_bytes:          # more than its entry declared
                    raise ArchiveError(f"{path.name}: {info.filename} unpacks to more than "
                                       f"{max_image_bytes:,} bytes; the archive is damaged "
                                       "or not the dataset's.")
                images.setdefault(parts[2], {})[parts[3]] = content
    except (zipfile.BadZipFile, EOFError, zlib.error) as error:
        raise ArchiveError(
            f"{path.name} is not a complete zip archive ({error}); the download was "
            "probably cut short or the file is damaged. Delete it and fetch it again."
        ) from error
    except NotImplementedError as error:          # e.g. Deflate64, which zipfile cannot read
        raise ArchiveError(
            f"{path.name} uses a compression method Python's zipfile cannot read ({error}). "
            "Use the original zip from GitHub, or re-zip the folder with ordinary "
            "compression (Deflate)."
        ) from error
    except RuntimeError as error:                 # zipfile's message for encrypted members
        raise ArchiveError(
            f"{path.name} cannot be read ({error}); it looks encrypted. The dataset's zip "
            "is not: use the original zip from GitHub."
        ) from error
    if not images:
        raise ArchiveError(f"{path.name} has no Dataset/<digit>/ folders with images; "
                           "is this the Sign Language Digits archive?")
    return images


def _check_sizes(archive_name: str, infos: list[zipfile.ZipInfo], max_image_bytes: int,
                 max_total_bytes: int) -> None:
    """Refuse, from the zip's directory alone, images that are too large or compress too well."""
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > max_image_bytes:
            raise ArchiveError(
                f"{archive_name}: {info.filename} declares {info.file_size:,} bytes; the largest "
                f"photo of the dataset has 1.6 MB (limit {max_image_bytes:,}). The archive is "
                "damaged or not the dataset's.")
        if info.file_size > 1000 and info.file_size > MAX_COMPRESSION_RATIO * info.compress_size:
            raise ArchiveError(
                f"{archive_name}: {info.filename} would unpack {info.file_size:,} bytes from "
                f"{info.compress_size:,}; JPEG photos hardly compress, so this is not a photo "
                "of the dataset (or it is a zip bomb).")
    if total > max_total_bytes:
        raise ArchiveError(f"{archive_name}: the images would unpack to {total:,} bytes; the "
                           f"dataset's total 24 MB (limit {max_total_bytes:,}).")


def images_digest(images: dict[str, dict[str, bytes]]) -> str:
    """SHA-256 over every image, in sorted ``folder/name`` order, names and sizes included.

    Examples
    --------
    >>> one = images_digest({"0": {"a.jpg": b"x"}})
    >>> len(one), one == images_digest({"0": {"a.jpg": b"y"}})
    (64, False)
    """
    digest = hashlib.sha256()
    for folder in sorted(images):
        for name in sorted(images[folder]):
            content = images[folder][name]
            digest.update(f"{folder}/{name}\0{len(content)}\0".encode())
            digest.update(content)
    return digest.hexdigest()


def verify_images(images: dict[str, dict[str, bytes]],
                  expected_counts: dict[str, int] = IMAGES_PER_DIGIT,
                  expected_digest: str | None = IMAGES_DIGEST) -> None:
    """Check the folders, the number of images in each and their digest.

    Raises
    ------
    ArchiveError
        Naming the first difference found.
    """
    if sorted(images) != sorted(expected_counts):
        raise ArchiveError(f"expected image folders {sorted(expected_counts)}, "
                           f"found {sorted(images)}; is this the Sign Language Digits archive?")
    counts = {folder: len(files) for folder, files in images.items()}
    wrong = {f: (counts[f], n) for f, n in expected_counts.items() if counts[f] != n}
    if wrong:
        details = ", ".join(f"folder {f}: {got} images, expected {want}"
                            for f, (got, want) in sorted(wrong.items()))
        raise ArchiveError(f"the archive holds the wrong images ({details}); it is not "
                           f"the archive of commit {COMMIT[:7]}.")
    if expected_digest is not None:
        found = images_digest(images)
        if found != expected_digest:
            raise ArchiveError(
                f"the images' SHA-256 is {found[:16]}..., expected {expected_digest[:16]}...: "
                "some image files differ from the archive of commit "
                f"{COMMIT[:7]} (edited, re-encoded or damaged).")


def image_to_array(jpeg_bytes: bytes, size: int = IMAGE_SIZE, name: str = "image") -> np.ndarray:
    """Turn one photo into a Kaggle-style grey image.

    Recipe: decode as RGB; grey = 0.299 R + 0.587 G + 0.114 B in float; stretch this image's
    own min..max to 0..255 and round to uint8; resize with Pillow's bilinear filter;
    divide by 255 as float32. Bright is 1, dark is 0 (not inverted).

    Parameters
    ----------
    jpeg_bytes : bytes
        An encoded image (any format Pillow reads).
    size : int, default 64
        Width and height of the result.
    name : str
        Used in error messages.

    Returns
    -------
    numpy.ndarray of shape (size, size), float32, min 0 and max close to 1

    Examples
    --------
    >>> buffer = io.BytesIO()
    >>> Image.new("RGB", (4, 4), (200, 10, 10)).save(buffer, "PNG")
    >>> image_to_array(buffer.getvalue(), size=2, name="flat")
    Traceback (most recent call last):
    ...
    helpers.data.ArchiveError: flat is one flat colour; there is no contrast to stretch.
    """
    try:
        with Image.open(io.BytesIO(jpeg_bytes)) as photo:
            width, height = photo.size                  # read from the header, not decoded
            if width * height > MAX_IMAGE_PIXELS:
                raise ArchiveError(f"{name} is {width} x {height} pixels; the dataset's photos "
                                   "are 100 x 100, three of them 3024 x 3024 (limit "
                                   f"{MAX_IMAGE_PIXELS:,} pixels). It is not one of the "
                                   "dataset's photos; decoding it could take gigabytes.")
            rgb = np.asarray(photo.convert("RGB"), dtype=np.float64)
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        # OSError includes "image file is truncated": a photo cut short is refused, not padded.
        raise ArchiveError(f"{name} is not a readable image ({error}).") from error
    grey = 0.299 * rgb[..., 0] + 0.587 * rgb[..., 1] + 0.114 * rgb[..., 2]
    low, high = grey.min(), grey.max()
    if high == low:
        raise ArchiveError(f"{name} is one flat colour; there is no contrast to stretch.")
    stretched = ((grey - low) / (high - low) * 255 + 0.5).astype(np.uint8)
    resized = Image.fromarray(stretched).resize((size, size), Image.Resampling.BILINEAR)
    return np.asarray(resized, dtype=np.float32) / np.float32(255)


def build_arrays(archive_path: str | os.PathLike,
                 expected_counts: dict[str, int] = IMAGES_PER_DIGIT,
                 expected_digest: str | None = IMAGES_DIGEST,
                 size: int = IMAGE_SIZE) -> tuple[np.ndarray, np.ndarray]:
    """Build Kaggle's ``X`` and ``Y`` from the original zip archive, after verifying it.

    Folders and files are taken in APFS directory order (:func:`apfs_sorted`), so the
    digit blocks come out as 9, 0, 7, 6, 1, 8, 4, 3, 2, 5, exactly as in Kaggle's arrays,
    and ``Y``'s one-hot column is the block position (see :data:`KAGGLE_DIGIT_ORDER`).

    Parameters
    ----------
    archive_path : path
        The zip file.
    expected_counts : dict, default :data:`IMAGES_PER_DIGIT`
        Images expected in each folder.
    expected_digest : str or None, default :data:`IMAGES_DIGEST`
        Expected :func:`images_digest`; ``None`` skips that check. Then nothing notices a
        photo whose bytes were altered but still decode: JPEG has no checksum of its own
        (the zip's CRC-32 only proves the file is as it was zipped), so only the digest
        catches such a change. Truncated or undecodable photos are refused either way.
    size : int, default 64

    Returns
    -------
    X : numpy.ndarray of shape (n_images, size, size), float32 in [0, 1]
    Y : numpy.ndarray of shape (n_images, n_folders), float64 one-hot

    Raises
    ------
    ArchiveError
        If the archive is damaged or its content differs from what is expected.
    """
    images = read_archive(archive_path)
    verify_images(images, expected_counts, expected_digest)
    folders = apfs_sorted(list(images))
    X, Y = [], []
    for position, folder in enumerate(folders):
        for name in apfs_sorted(list(images[folder])):
            X.append(image_to_array(images[folder][name], size, f"{folder}/{name}"))
            one_hot = np.zeros(len(folders))
            one_hot[position] = 1.0
            Y.append(one_hot)
    return np.stack(X), np.stack(Y)


# --------------------------------------------------------------------------------------
# Getting the archive: a local copy or a download
# --------------------------------------------------------------------------------------

def _print_progress(done: int, total: int | None) -> None:
    """Redraw one progress line on standard error (looked up now: Jupyter replaces it)."""
    if total:
        filled = int(30 * done / total)
        line = (f"\r  [{'#' * filled}{'.' * (30 - filled)}] {100 * done // total:3d} %  "
                f"{done / 1e6:.1f} / {total / 1e6:.1f} MB")
    else:
        line = f"\r  {done / 1e6:.1f} MB"
    sys.stderr.write(line)
    sys.stderr.flush()


def download_archive(url: str, destination: str | os.PathLike, timeout: float = 20.0,
                     retries: int = 1, retry_wait: float | None = None,
                     progress: bool = True, deadline: float | None = None,
                     max_bytes: int | None = None) -> Path:
    """Download ``url`` to ``destination`` with a progress bar, time limits and retries.

    The bytes go to a temporary file beside ``destination``, which is renamed only once the
    whole body has arrived, so an interrupted download never leaves a partial file. Besides
    the timeout for each read, the whole download (all attempts) must finish within
    ``deadline`` and may not exceed ``max_bytes``: a server that trickles, or sends without
    end, is given up on, and the partial file is removed.

    Parameters
    ----------
    url : str
    destination : path
    timeout : float, default 20
        Seconds to wait for the connection and for each block of data.
    retries : int, default 1
        Further attempts after a failed one.
    retry_wait : float, optional
        Seconds between attempts; defaults to :data:`RETRY_WAIT_SECONDS`.
    progress : bool, default True
        Draw a progress bar on standard error.
    deadline : float, optional
        Seconds for the whole download; defaults to :data:`DOWNLOAD_DEADLINE_SECONDS`, which
        a connection of 20 KB/s still meets for the real archive (17 MB).
    max_bytes : int, optional
        Defaults to :data:`MAX_DOWNLOAD_BYTES`, ten times the real archive.

    Returns
    -------
    pathlib.Path
        ``destination``.

    Raises
    ------
    ConnectionError
        If every attempt fails, saying why the last one did, or if a limit is exceeded.
    OSError
        If the destination cannot be written (a full disk is not retried).
    """
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    deadline = DOWNLOAD_DEADLINE_SECONDS if deadline is None else deadline
    max_bytes = MAX_DOWNLOAD_BYTES if max_bytes is None else max_bytes
    give_up_at = time.monotonic() + deadline
    last_error = ""
    for attempt in range(retries + 1):
        if attempt:
            if progress:
                print(f"  retrying ({attempt} of {retries}) after: {last_error}", file=sys.stderr)
            time.sleep(RETRY_WAIT_SECONDS if retry_wait is None else retry_wait)
        part = destination.with_name(destination.name + ".part")
        done = 0
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response, open(part, "wb") as out:
                total = response.headers.get("Content-Length")
                total = int(total) if total else None
                if total is not None and total > max_bytes:
                    raise _LimitExceeded(f"the server announces {total:,} bytes; the archive has "
                                         f"about 17 MB (limit {max_bytes:,}). Is the URL right?")
                # read1: whatever has arrived, up to 64 KB, so that a slow server still shows
                # progress and the limits are checked as the bytes come in.
                while block := response.read1(1 << 16):
                    out.write(block)
                    done += len(block)
                    if progress:
                        _print_progress(done, total)
                    if done > max_bytes:
                        raise _LimitExceeded(f"the server sent more than {max_bytes:,} bytes; "
                                             "the archive has about 17 MB. Is the URL right?")
                    if time.monotonic() > give_up_at:
                        raise _LimitExceeded(
                            f"the download did not finish within {deadline:.0f} s ({done:,} "
                            "bytes arrived); the connection is too slow or the server stalls. "
                            "Try again later, or download the zip by other means and set "
                            f"{ARCHIVE_ENV} to it.")
                if total is not None and done != total:
                    raise ConnectionError(f"received {done} of {total} bytes")
            if progress and done:
                print(file=sys.stderr)          # end the progress line
            os.replace(part, destination)
            return destination
        except _LimitExceeded as error:
            if progress and done:
                print(file=sys.stderr)
            raise ConnectionError(f"Downloading {url} was given up: {error}") from None
        except (OSError, ValueError, http.client.HTTPException) as error:
            # URLError, timeouts and resets are OSErrors; a body cut short is IncompleteRead.
            if progress and done:
                print(file=sys.stderr)
            if _is_local_failure(error):
                raise                          # a full disk is not fixed by trying again
            if isinstance(error, urllib.error.HTTPError):
                error.close()                  # an HTTP error response holds its socket open
            last_error = f"{type(error).__name__}: {error}"
            if time.monotonic() > give_up_at:     # no time left for another attempt
                break
        finally:
            part.unlink(missing_ok=True)
    raise ConnectionError(f"Downloading {url} failed after {attempt + 1} attempt(s): "
                          f"{last_error}")


#: What goes wrong on this machine's disk rather than on the network.
LOCAL_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM}


def _is_local_failure(error: BaseException) -> bool:
    return (isinstance(error, OSError) and not isinstance(error, urllib.error.URLError)
            and error.errno in LOCAL_ERRNOS)


def explain_os_error(error: OSError) -> str:
    """One paragraph on a file-system error: what failed, on which file, and what to do.

    Examples
    --------
    >>> explain_os_error(OSError(errno.ENOSPC, "No space left on device", "X.npy"))[:58]
    'the disk is full: writing X.npy failed (No space left on d'
    """
    where = f" {error.filename}" if error.filename else ""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return (f"the disk is full: writing{where} failed ({error.strerror}). Free some space "
                "(the cache needs about 35 MB), or choose another folder with --cache-dir, and "
                "run again.")
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (f"no permission to use{where} ({error.strerror}). Check that you may read the "
                "archive and write to the cache folder, or choose another folder with "
                "--cache-dir.")
    if error.errno in (errno.ENOTDIR, errno.EISDIR, errno.EEXIST):
        return (f"{where.strip() or 'a path'} is in the way ({error.strerror}): the cache "
                "folder and its X.npy and Y.npy must be a folder and files. Move it aside, or "
                "choose another folder with --cache-dir.")
    return f"{error.strerror or error}{':' + where if where else ''}."


def missing_data_message(reason: str, cache_dir: str | os.PathLike | None = None) -> str:
    """The message shown when the data cannot be found: the reason and the three ways out."""
    if os.name == "nt":                         # PowerShell, the shell of the README's route
        set_variable = (f'$env:{ARCHIVE_ENV} = "C:\\path\\to\\'
                        'Sign-Language-Digits-Dataset-master.zip"')
    else:
        set_variable = f"export {ARCHIVE_ENV}=/path/to/Sign-Language-Digits-Dataset-master.zip"
    return (
        f"{reason}\n\n"
        "The Sign Language Digits data is not on this machine. Any one of these works:\n"
        f"  1. Be online and run `python -m helpers.data` (or `make data`): it downloads\n"
        f"     the archive from GitHub (about 17 MB).\n"
        f"  2. Point {ARCHIVE_ENV} at a copy of the archive (a zip of the repository\n"
        f"     ardamavi/Sign-Language-Digits-Dataset), e.g.\n"
        f"     {set_variable}\n"
        f"  3. Put Kaggle's X.npy and Y.npy (dataset 'sign-language-digits-dataset')\n"
        f"     into {cache_dir if cache_dir is not None else default_cache_dir()}"
    )


def default_cache_dir() -> Path:
    """Where the cache lives unless ``cache_dir`` says otherwise (see the module docstring).

    Returns
    -------
    pathlib.Path
        ``$SIGN_DIGITS_DATA/sign-language-digits``; else this repository's
        ``data/sign-language-digits``; else ``~/sign_digits_data/sign-language-digits``.

    Examples
    --------
    >>> default_cache_dir().name
    'sign-language-digits'
    """
    data_home = os.environ.get(DATA_HOME_ENV, "").strip()
    if data_home:
        try:
            folder = Path(data_home).expanduser()
        except RuntimeError:                    # ~someone, and no such user
            folder = Path(data_home)
        if not folder.is_absolute():
            raise ValueError(f"{DATA_HOME_ENV}={data_home!r} is not a full path (a relative "
                             "one would mean another folder for every working folder, and ~ "
                             "only works for your own home). Use a full path such as "
                             f"{Path.home() / 'sign_digits_data'}.")
        if folder.exists() and not folder.is_dir():
            raise ValueError(f"{DATA_HOME_ENV}={data_home!r} names a file; it must name a "
                             "folder (it is created if missing).")
        return folder / CACHE_FOLDER_NAME
    here = Path(__file__).resolve()
    repository = here.parent.parent
    # This repository's layout, not merely any folder called helpers/: a copy of the file in
    # a learner's project, or one installed into site-packages, must not write beside it.
    if (here.parent.name == "helpers" and (repository / "pyproject.toml").is_file()
            and (repository / "notebooks").is_dir() and (repository / "data").is_dir()):
        return repository / "data" / CACHE_FOLDER_NAME
    return Path.home() / "sign_digits_data" / CACHE_FOLDER_NAME


def local_archive_from_env() -> str | None:
    """The archive named by ``SIGN_DIGITS_ARCHIVE``, as a path or URL, or None if unset."""
    value = os.environ.get(ARCHIVE_ENV, "").strip()
    return value or None


def _local_path(location: str) -> Path | None:
    """A filesystem path for a plain path or a ``file://`` URL; None for a web URL."""
    parsed = urllib.parse.urlparse(location)
    if parsed.scheme == "file":
        return Path(urllib.request.url2pathname(parsed.path))
    if parsed.scheme in ("http", "https"):
        return None
    if len(parsed.scheme) > 1 and "://" in location:         # not a Windows drive letter
        raise ValueError(f"{location} uses {parsed.scheme}://, but the archive can only be a "
                         "local path, a file:// URL or an http(s):// URL. Download the zip "
                         f"first and set {ARCHIVE_ENV} to the file.")
    return Path(location).expanduser()


# --------------------------------------------------------------------------------------
# The cache
# --------------------------------------------------------------------------------------

def _remove_leftovers(cache_dir: Path, older_than: float = 600.0) -> None:
    """Delete temporary files and download folders that killed runs left in ``cache_dir``.

    Only names this module makes (``.X.npy.<token>.tmp``, ``.download-*``) and only older than
    ``older_than`` seconds, so a build running at the same time keeps its own.
    """
    now = time.time()
    for path in cache_dir.glob(".*"):
        ours = path.name.endswith(".tmp") or path.name.startswith(".download-")
        try:
            if ours and now - path.stat().st_mtime > older_than:
                if path.is_dir():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink(missing_ok=True)
        except OSError:
            pass                                 # leftovers are harmless; never fail for them


def save_cache(X: np.ndarray, Y: np.ndarray, cache_dir: str | os.PathLike,
               provenance: dict) -> None:
    """Write ``X.npy``, ``Y.npy`` and ``provenance.json`` to ``cache_dir`` as one set.

    All three are first written in full to hidden temporary files in the same folder. Then
    a marker file :data:`INCOMPLETE_MARKER` is created, the old provenance removed, the files
    renamed into place (provenance last, recording the SHA-256 of ``X.npy`` and ``Y.npy``)
    and the marker removed. So an error or a kill never leaves a half-written file, and a
    set interrupted between two renames carries the marker: :func:`load_cache` then knows
    the pipeline's own build was cut short and builds it again.
    """
    cache_dir = Path(cache_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(cache_dir)
    token = f"{os.getpid()}.{secrets.token_hex(4)}"
    temporaries = {name: cache_dir / f".{name}.{token}.tmp"
                   for name in (*CACHE_FILES, PROVENANCE_FILE)}
    marker = cache_dir / INCOMPLETE_MARKER
    try:
        contents = {}
        for name, array in zip(CACHE_FILES, (X, Y), strict=True):
            buffer = io.BytesIO()
            np.save(buffer, array)
            contents[name] = buffer.getvalue()
        digests = {name: hashlib.sha256(content).hexdigest() for name, content in contents.items()}
        text = json.dumps({**provenance, "files_sha256": digests}, indent=2, sort_keys=True)
        contents[PROVENANCE_FILE] = (text + "\n").encode()
        for name, content in contents.items():
            with open(temporaries[name], "xb") as file:
                file.write(content)
                file.flush()
                os.fsync(file.fileno())
        marker.write_text("A build of this cache was interrupted; the next run builds it "
                          "again.\n", encoding="utf-8")
        (cache_dir / PROVENANCE_FILE).unlink(missing_ok=True)
        for name in (*CACHE_FILES, PROVENANCE_FILE):
            os.replace(temporaries[name], cache_dir / name)
        marker.unlink()
    finally:
        for temporary in temporaries.values():
            temporary.unlink(missing_ok=True)


def check_arrays(X: np.ndarray, Y: np.ndarray, where: str = "the arrays",
                 n_images: int = N_IMAGES) -> None:
    """Check that ``X`` and ``Y`` have the shapes and values of Kaggle's files.

    Parameters
    ----------
    X : numpy.ndarray, expected shape (n_images, 64, 64), floats in [0, 1]
    Y : numpy.ndarray, expected shape (n_images, 10), one-hot rows
    where : str
        Names the arrays' origin in error messages.
    n_images : int, default 2062

    Raises
    ------
    ValueError
        Saying which array is wrong, how, and the likely mistake.

    Examples
    --------
    >>> check_arrays(np.zeros((2062, 64, 64)), np.zeros((2062, 10)))
    Traceback (most recent call last):
    ...
    ValueError: the arrays: Y rows must be one-hot (a single 1, the rest 0); row 0 is not.
    """
    n = n_images
    if X.shape != (n, IMAGE_SIZE, IMAGE_SIZE):
        if X.shape == (n, N_CLASSES) and Y.ndim == 3:
            hint = " It has the shape of Y: are X.npy and Y.npy swapped?"
        elif X.ndim == 2:
            hint = " It looks flattened; keep Kaggle's X.npy as it was downloaded."
        else:
            hint = " Is this Kaggle's X.npy from 'sign-language-digits-dataset'?"
        raise ValueError(f"{where}: X has shape {X.shape}, expected ({n}, {IMAGE_SIZE}, "
                         f"{IMAGE_SIZE}).{hint}")
    if Y.shape != (n, N_CLASSES):
        hint = (" Is it the label file swapped with X.npy?" if Y.ndim == 3
                else " Expected one one-hot row per image, as in Kaggle's Y.npy.")
        raise ValueError(f"{where}: Y has shape {Y.shape}, expected ({n}, {N_CLASSES}).{hint}")
    if not np.issubdtype(X.dtype, np.floating) or not (0.0 <= X.min() and X.max() <= 1.0):
        raise ValueError(f"{where}: X must hold floats in [0, 1], found dtype {X.dtype} "
                         f"and range [{X.min()}, {X.max()}]. Were the pixels left as 0..255?")
    bad_rows = np.flatnonzero((Y.sum(axis=1) != 1) | ((Y != 0) & (Y != 1)).any(axis=1))
    if bad_rows.size:
        raise ValueError(f"{where}: Y rows must be one-hot (a single 1, the rest 0); "
                         f"row {bad_rows[0]} is not.")


def read_npy(path: Path, raw: bytes | None = None) -> np.ndarray:
    """One cache file as an array, with a clear message for every way it can be wrong;
    pickles are never loaded, and a header's size claims are checked before any memory is
    allocated. ``raw`` is the file's content if it has been read already.

    Raises
    ------
    ValueError
        Naming the file, what it holds and what to do.
    """
    if path.is_dir():
        raise ValueError(f"{path} is a folder; expected a .npy file. Move it aside, or put "
                         "Kaggle's file there.")
    raw = path.read_bytes() if raw is None else raw
    what = "Put Kaggle's file there, or delete it to rebuild the cache."
    if raw[:2] == b"PK":
        raise ValueError(f"{path} is a zip (a .npz file renamed .npy?), not a .npy array. {what}")
    try:
        stream = io.BytesIO(raw)
        version = np.lib.format.read_magic(stream)
        reader = {(1, 0): np.lib.format.read_array_header_1_0,
                  (2, 0): np.lib.format.read_array_header_2_0}.get(version)
        if reader is not None:
            shape, _, dtype = reader(stream)
            if dtype.hasobject:
                raise ValueError("it holds Python objects (a pickle), which are never loaded")
            needed = int(np.prod(shape, dtype=np.float64)) * dtype.itemsize
            if needed > len(raw) - stream.tell():
                raise ValueError(f"its header promises shape {shape} ({needed:,} bytes) but "
                                 f"the file holds {len(raw) - stream.tell():,}; it is cut short "
                                 "or damaged")
        array = np.load(io.BytesIO(raw), allow_pickle=False)
    except (ValueError, EOFError, OSError) as error:
        raise ValueError(f"{path} is not a readable .npy array ({error}). {what}") from None
    if not (np.issubdtype(array.dtype, np.number) or array.dtype == np.bool_):
        raise ValueError(f"{path} holds {array.dtype} values, not numbers. {what}")
    return array


def _pipeline_provenance(cache_dir: Path) -> dict | None:
    """The provenance if this cache was built by this module (it records file digests)."""
    try:
        provenance = read_provenance(cache_dir)
    except ValueError:
        return None
    return provenance if provenance and "files_sha256" in provenance else None


def load_cache(cache_dir: str | os.PathLike,
               n_images: int = N_IMAGES) -> tuple[np.ndarray, np.ndarray] | None:
    """Load ``X.npy`` and ``Y.npy`` from ``cache_dir``; None if there is nothing usable.

    ``n_images`` is the number of rows both must have (see :func:`check_arrays`). A cache
    this module built (its provenance records the files' SHA-256) that is incomplete or
    damaged counts as absent, so it is simply built again. Files without that provenance
    are a learner's own (Kaggle's ``X.npy`` and ``Y.npy``): they are never replaced, and
    they are checked instead (shapes, values, and a sanity check of their content).

    Raises
    ------
    ValueError
        If a learner's files are incomplete, unreadable or not Kaggle's arrays.
    """
    cache_dir = Path(cache_dir)
    if (cache_dir / INCOMPLETE_MARKER).is_file():
        print(f"note: an earlier build of {cache_dir} was interrupted; building it again.",
              file=sys.stderr)
        return None
    ours = _pipeline_provenance(cache_dir)
    present = [name for name in CACHE_FILES if (cache_dir / name).exists()]
    verified: dict[str, bytes] = {}
    if ours is not None:
        for name in CACHE_FILES:
            path = cache_dir / name
            raw = path.read_bytes() if path.is_file() else None
            if raw is None or hashlib.sha256(raw).hexdigest() != ours["files_sha256"].get(name):
                damage = "is missing" if raw is None else "is not the file that was written"
                print(f"note: the cache in {cache_dir} is damaged ({name} {damage}); building "
                      "it again.", file=sys.stderr)
                return None
            verified[name] = raw
    if not present:
        return None
    if len(present) == 1:
        missing = next(name for name in CACHE_FILES if name not in present)
        raise ValueError(f"{cache_dir} holds {present[0]} but not {missing}. Put both of "
                         f"Kaggle's files there, or delete {present[0]} to rebuild them.")
    X = read_npy(cache_dir / "X.npy", verified.get("X.npy"))
    Y = read_npy(cache_dir / "Y.npy", verified.get("Y.npy"))
    check_arrays(X, Y, where=str(cache_dir), n_images=n_images)
    if ours is None:
        check_content(X, Y, where=str(cache_dir))
    return X, Y


def check_content(X: np.ndarray, Y: np.ndarray, where: str = "the arrays") -> None:
    """Cheap checks that a learner's own files hold the dataset, not something of its shape.

    Raises
    ------
    ValueError
        If an image has no contrast, the mean pixel is far from the dataset's (0.68), or
        the rows of ``Y`` are not in Kaggle's ten blocks.
    """
    contrast = X.max(axis=(1, 2)) - X.min(axis=(1, 2))
    if contrast.min() < 0.2:
        raise ValueError(f"{where}: image {int(np.argmin(contrast))} of X is nearly one flat "
                         "shade; every photo of the dataset spans dark to bright. Is X.npy "
                         "damaged (all zeros?)")
    mean = float(X.mean())
    if not 0.5 < mean < 0.85:
        raise ValueError(f"{where}: the mean pixel of X is {mean:.3f}; the dataset's is about "
                         "0.68. Is X.npy Kaggle's file, unchanged?")
    blocks = np.argmax(Y, axis=1)
    if np.any(np.diff(blocks) < 0):
        raise ValueError(f"{where}: the rows of Y are not in Kaggle's ten blocks (row "
                         f"{int(np.flatnonzero(np.diff(blocks) < 0)[0]) + 1} goes back to an "
                         "earlier block). Were X and Y shuffled? Use Kaggle's files unchanged.")


def read_provenance(cache_dir: str | os.PathLike | None = None) -> dict | None:
    """The provenance written with the cache, or None (e.g. for your own Kaggle files).

    Raises
    ------
    ValueError
        If ``provenance.json`` is there but is not a JSON object.
    """
    path = Path(cache_dir if cache_dir is not None else default_cache_dir()) / PROVENANCE_FILE
    if not path.is_file():
        return None
    try:
        provenance = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise ValueError(f"{path} is not valid JSON ({error}).") from None
    if not isinstance(provenance, dict):
        raise ValueError(f"{path} holds a JSON {type(provenance).__name__}, not an object.")
    return provenance


def prepare_sign_digits(cache_dir: str | os.PathLike | None = None,
                        archive: str | os.PathLike | None = None,
                        url: str = DOWNLOAD_URL,
                        progress: bool = True,
                        expected_counts: dict[str, int] = IMAGES_PER_DIGIT,
                        expected_digest: str | None = IMAGES_DIGEST) -> dict:
    """Make sure the cache exists: build it from a local archive or a download if needed.

    (:func:`load_sign_digits` does the same and returns the arrays; this returns what
    happened, for ``python -m helpers.data`` and for scripts.)

    Parameters
    ----------
    cache_dir : path, optional
        Defaults to :func:`default_cache_dir`.
    archive : path or URL, optional
        The archive to build from; defaults to ``SIGN_DIGITS_ARCHIVE``, then to ``url``.
    url : str
        Where to download the archive from when there is no local one.
    progress : bool, default True
        Show a progress bar while downloading.
    expected_counts, expected_digest
        What the archive must hold (see :func:`build_arrays`); the defaults describe the
        original archive. Tests pass the values of the small archives they make.

    Returns
    -------
    dict
        The provenance: ``source``, ``built`` (False when the cache was already there),
        ``seconds``, ``cache_dir`` and more.

    Raises
    ------
    DataNotFoundError
        No cache, no archive, and the download failed.
    ArchiveError
        The archive is damaged or holds the wrong images; nothing is written.
    """
    return _obtain(cache_dir, archive, url, progress, expected_counts, expected_digest)[2]


def _obtain(cache_dir: str | os.PathLike | None, archive: str | os.PathLike | None, url: str,
            progress: bool, expected_counts: dict[str, int],
            expected_digest: str | None) -> tuple[np.ndarray, np.ndarray, dict]:
    """The arrays and a summary: from the cache, or built (and cached) if it is missing."""
    started = time.perf_counter()
    cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    cached = load_cache(cache_dir, sum(expected_counts.values()))
    if cached is not None:
        try:
            provenance = read_provenance(cache_dir) or {"source": "your own X.npy and Y.npy"}
        except ValueError:                      # a damaged provenance.json is not needed
            provenance = {"source": "X.npy and Y.npy (provenance.json unreadable)"}
        return (*cached, {**provenance, "built": False, "cache_dir": str(cache_dir),
                          "seconds": time.perf_counter() - started})

    location = str(archive) if archive is not None else (local_archive_from_env() or url)
    local = _local_path(location)
    if local is not None:
        if not local.is_file():
            raise DataNotFoundError(missing_data_message(
                f"{ARCHIVE_ENV} (or the archive argument) names {location}, "
                "which is not a file.", cache_dir))
        X, Y = build_arrays(local, expected_counts, expected_digest)
        source = f"local archive {local.name}"
    else:
        cache_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=cache_dir, prefix=".download-") as scratch:
            if progress:
                print(f"Downloading the Sign Language Digits archive from {location}",
                      file=sys.stderr)
            try:
                downloaded = download_archive(location, Path(scratch) / "archive.zip",
                                              progress=progress)
            except ConnectionError as error:
                raise DataNotFoundError(missing_data_message(str(error), cache_dir)) from None
            X, Y = build_arrays(downloaded, expected_counts, expected_digest)
        source = f"download of {location}"
    provenance = {
        "source": source,
        "commit": COMMIT,
        "images_sha256": expected_digest,
        "images_per_digit": expected_counts,
        "recipe": "APFS order; grey 0.299R+0.587G+0.114B; per-image min-max to uint8; "
                  "Pillow bilinear 64x64; float32/255; Y one-hot by block position",
        "X_shape": list(X.shape),
        "Y_shape": list(Y.shape),
        "numpy": np.__version__,
        "pillow": Image.__version__,
    }
    save_cache(X, Y, cache_dir, provenance)
    return X, Y, {**provenance, "built": True, "cache_dir": str(cache_dir),
                  "seconds": time.perf_counter() - started}


def load_sign_digits(cache_dir: str | os.PathLike | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Load the dataset as Kaggle's ``(X, Y)``, building the cache first if it is missing.

    Parameters
    ----------
    cache_dir : path, optional
        Defaults to :func:`default_cache_dir`.

    Returns
    -------
    X : numpy.ndarray of shape (2062, 64, 64), float32 in [0, 1]
    Y : numpy.ndarray of shape (2062, 10), float one-hot; column k is the k-th block of
        images, which is digit ``KAGGLE_DIGIT_ORDER[k]`` (use :func:`digits`).

    Raises
    ------
    DataNotFoundError, ArchiveError, ValueError
        See :func:`prepare_sign_digits` and :func:`load_cache`.
    """
    X, Y, summary = _obtain(cache_dir, None, DOWNLOAD_URL, True, IMAGES_PER_DIGIT,
                            IMAGES_DIGEST)
    if summary["built"]:
        print(f"Built the Sign Language Digits arrays and cached them in {summary['cache_dir']}",
              file=sys.stderr)
    return X, Y


# --------------------------------------------------------------------------------------
# Labels, the 0/1 subset and the split
# --------------------------------------------------------------------------------------

def digits(Y: np.ndarray) -> np.ndarray:
    """The true digit shown in each image, from Kaggle-style one-hot rows.

    Parameters
    ----------
    Y : numpy.ndarray of shape (n, 10)

    Returns
    -------
    numpy.ndarray of shape (n,), int

    Examples
    --------
    >>> Y = np.eye(10)[[0, 1, 4]]   # one-hot in columns 0, 1 and 4
    >>> digits(Y).tolist()           # column 0 is digit 9, column 1 digit 0, column 4 digit 1
    [9, 0, 1]
    """
    Y = np.asarray(Y)
    if Y.ndim != 2 or Y.shape[1] != N_CLASSES:
        raise ValueError(f"Y has shape {Y.shape}; expected (n_images, {N_CLASSES}) one-hot "
                         "rows as in Kaggle's Y.npy.")
    return np.asarray(KAGGLE_DIGIT_ORDER)[Y.argmax(axis=1)]


def zero_one_subset(X: np.ndarray, Y: np.ndarray,
                    per_class: int = 205) -> tuple[np.ndarray, np.ndarray]:
    """The first ``per_class`` images of digit 0, then the first ``per_class`` of digit 1.

    On the Kaggle arrays this is exactly the original tutorial's
    ``np.concatenate((X[204:409], X[822:1027]))``, found by true digit instead of by index.

    Parameters
    ----------
    X : numpy.ndarray of shape (n, 64, 64)
    Y : numpy.ndarray of shape (n, 10), Kaggle one-hot
    per_class : int, default 205
        205 is the size of the smaller class (there are 205 zeros and 206 ones).

    Returns
    -------
    X01 : numpy.ndarray of shape (2 * per_class, 64, 64)
    y01 : numpy.ndarray of shape (2 * per_class, 1), float: 0.0 then 1.0

    Examples
    --------
    >>> Y = np.eye(10)[[1, 4, 1, 4, 0]]          # digits 0, 1, 0, 1, 9
    >>> X01, y01 = zero_one_subset(np.arange(5.0)[:, None, None], Y, per_class=2)
    >>> X01.ravel().tolist(), y01.ravel().tolist()
    ([0.0, 2.0, 1.0, 3.0], [0.0, 0.0, 1.0, 1.0])
    """
    true_digits = digits(Y)
    if len(X) != len(true_digits):
        raise ValueError(f"X has {len(X)} images but Y has {len(true_digits)} rows; "
                         "they must come from the same dataset.")
    chosen = []
    for digit in (0, 1):
        rows = np.flatnonzero(true_digits == digit)
        if len(rows) < per_class:
            raise ValueError(f"asked for {per_class} images of digit {digit}, "
                             f"but there are only {len(rows)}.")
        chosen.append(rows[:per_class])
    X01 = X[np.concatenate(chosen)]
    y01 = np.concatenate([np.zeros(per_class), np.ones(per_class)]).reshape(-1, 1)
    return X01, y01


def train_test_arrays(X01: np.ndarray, y01: np.ndarray, test_size: float = 0.15,
                      random_state: int = 42
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Shuffle, split, flatten and transpose into the tutorial's (features, examples) layout.

    The split is the one scikit-learn's ``train_test_split(X01, y01, test_size=test_size,
    random_state=random_state)`` makes: a legacy ``RandomState`` permutation whose first
    ``ceil(test_size * n)`` entries are the test rows. It is written out here so that this
    file needs numpy only.

    Parameters
    ----------
    X01 : numpy.ndarray of shape (n, height, width)
    y01 : numpy.ndarray of shape (n, 1) or (n,)
    test_size : float, default 0.15
        Fraction of images kept for testing (0.15 of 410 rounds up to 62).
    random_state : int, default 42

    Returns
    -------
    x_train : numpy.ndarray of shape (height * width, n_train), one image per column
    x_test : numpy.ndarray of shape (height * width, n_test)
    y_train : numpy.ndarray of shape (1, n_train)
    y_test : numpy.ndarray of shape (1, n_test)

    Examples
    --------
    >>> x_train, x_test, y_train, y_test = train_test_arrays(np.zeros((10, 2, 3)), np.zeros(10))
    >>> x_train.shape, x_test.shape, y_train.shape, y_test.shape
    ((6, 8), (6, 2), (1, 8), (1, 2))
    """
    n = len(X01)
    if len(y01) != n:
        raise ValueError(f"X01 has {n} images but y01 has {len(y01)} labels.")
    if not 0 < test_size < 1:
        raise ValueError(f"test_size must be a fraction between 0 and 1, got {test_size}.")
    n_test = int(np.ceil(test_size * n))
    order = np.random.RandomState(random_state).permutation(n)
    test_rows, train_rows = order[:n_test], order[n_test:]
    flat = np.asarray(X01).reshape(n, -1)
    labels = np.asarray(y01).reshape(n)
    return (np.ascontiguousarray(flat[train_rows].T), np.ascontiguousarray(flat[test_rows].T),
            labels[train_rows].reshape(1, -1), labels[test_rows].reshape(1, -1))


# --------------------------------------------------------------------------------------
# python -m helpers.data
# --------------------------------------------------------------------------------------

def _shown_path(path: str | os.PathLike) -> str:
    """``path`` relative to the working directory when it lies below it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def main(argv: list[str] | None = None) -> int:
    """Prepare the cache and print a short summary; exit status 1 with a message on failure."""
    parser = argparse.ArgumentParser(
        prog="python -m helpers.data",
        description="Build (or check) the cached X.npy and Y.npy of the Sign Language Digits.")
    parser.add_argument("--cache-dir", type=Path, default=None,
                        help=f"where X.npy and Y.npy live (default: ${DATA_HOME_ENV}/"
                             "sign-language-digits if that is set, else data/sign-language-"
                             "digits in this repository, else ~/sign_digits_data/sign-language-"
                             "digits)")
    parser.add_argument("--archive", help=f"a local zip, file:// or http(s):// URL "
                                          f"(default: ${ARCHIVE_ENV}, else GitHub)")
    args = parser.parse_args(argv)
    try:
        X, Y, summary = _obtain(args.cache_dir, args.archive, DOWNLOAD_URL, True,
                                IMAGES_PER_DIGIT, IMAGES_DIGEST)
    except (DataNotFoundError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"error: {explain_os_error(error)}", file=sys.stderr)
        return 1
    counts = np.bincount(digits(Y), minlength=N_CLASSES)
    action = "built" if summary["built"] else "already cached"
    print(f"Sign Language Digits: {action} in {summary['seconds']:.2f} s")
    print(f"  source:      {summary['source']}")
    print("  per digit:   " + ", ".join(f"{d}: {c}" for d, c in enumerate(counts)))
    print(f"  X:           {X.shape} {X.dtype}, values {X.min():.3f} .. {X.max():.3f}, "
          f"mean {X.mean():.3f}")
    print(f"  Y:           {Y.shape} {Y.dtype} one-hot, column k = digit "
          f"{KAGGLE_DIGIT_ORDER}[k]")
    print(f"  cached in:   {_shown_path(summary['cache_dir'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
