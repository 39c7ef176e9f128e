"""Downloading the archive through a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest

from helpers import data

from .test_data_pipeline import cache_listing


class ArchiveServer:
    """Serves one archive in several ways, chosen by the request path, and counts requests."""

    def __init__(self, archive: bytes):
        self.archive = archive
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (the name http.server expects)
                server.requests.append(self.path)
                body = server.archive
                if self.path == "/flaky.zip" and server.requests.count(self.path) == 1:
                    self.send_error(503, "try again")
                    return
                if self.path == "/page.html":
                    body = b"<html>Not a zip: a login page</html>"
                if self.path in ("/trickle.zip", "/endless.zip", "/huge.zip"):
                    self.stream_badly(body)
                    return
                self.send_response(200)
                if self.path != "/no-length.zip":
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.path == "/cut.zip":            # promise everything, send half
                    body = body[: len(body) // 2]
                self.wfile.write(body)

            def stream_badly(self, body: bytes):
                """Trickle one byte at a time, send without end, or announce a terabyte."""
                self.send_response(200)
                if self.path != "/endless.zip":
                    length = 10**12 if self.path == "/huge.zip" else len(body)
                    self.send_header("Content-Length", str(length))
                self.end_headers()
                try:
                    for k in range(10**9):
                        if self.path == "/trickle.zip":
                            self.wfile.write(body[k:k + 1])
                            self.wfile.flush()
                            time.sleep(0.2)
                        else:
                            self.wfile.write(bytes(1 << 16))
                except OSError:                        # the client gave up: stop
                    return

            def log_message(self, *args):              # keep test output clean
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"


@pytest.fixture
def server(small_archive, monkeypatch):
    monkeypatch.setattr(data, "RETRY_WAIT_SECONDS", 0.0)
    monkeypatch.delenv(data.ARCHIVE_ENV, raising=False)   # it would take precedence over url
    served = ArchiveServer(small_archive[0].read_bytes())
    served.thread.start()
    yield served
    served.httpd.shutdown()
    served.httpd.server_close()


def test_download_builds_the_cache_and_shows_progress(tmp_path, server, small_expected, capsys):
    cache = tmp_path / "cache"
    summary = data.prepare_sign_digits(cache, url=server.url("/ok.zip"), **small_expected)
    assert summary["built"] and summary["source"] == f"download of {server.url('/ok.zip')}"
    assert cache_listing(cache) == ["X.npy", "Y.npy", "provenance.json"]   # no archive kept
    X, Y = data.load_cache(cache, n_images=len(data.digits(np.load(cache / "Y.npy"))))
    assert X.shape == (sum(small_expected["expected_counts"].values()), 64, 64)
    progress = capsys.readouterr().err
    assert f"[{'#' * 30}] 100 %  0.0 / 0.0 MB" in progress       # a small archive: 0.0 MB
    assert server.requests == ["/ok.zip"]


def test_archive_variable_may_be_a_web_url(tmp_path, server, small_expected, monkeypatch):
    monkeypatch.setenv(data.ARCHIVE_ENV, server.url("/ok.zip"))
    assert data.prepare_sign_digits(tmp_path / "cache", progress=False, **small_expected)["built"]


def test_a_failed_attempt_is_retried(tmp_path, server, small_expected):
    summary = data.prepare_sign_digits(tmp_path / "cache", url=server.url("/flaky.zip"),
                                       progress=False, **small_expected)
    assert summary["built"] and server.requests == ["/flaky.zip", "/flaky.zip"]


def test_progress_without_a_known_length(tmp_path, server, small_expected, capsys):
    data.prepare_sign_digits(tmp_path / "cache", url=server.url("/no-length.zip"),
                             **small_expected)
    progress = capsys.readouterr().err
    assert "\r  0.0 MB" in progress and "%" not in progress


def test_a_truncated_response_is_rejected_and_nothing_is_cached(tmp_path, server,
                                                                small_expected):
    cache = tmp_path / "cache"
    with pytest.raises(data.DataNotFoundError, match="failed after 2 attempt") as caught:
        data.prepare_sign_digits(cache, url=server.url("/cut.zip"), progress=False,
                                 **small_expected)
    assert "IncompleteRead" in str(caught.value) or "received" in str(caught.value)
    assert server.requests == ["/cut.zip", "/cut.zip"]
    assert cache_listing(cache) == []                  # no half file, no download folder


def test_a_page_that_is_not_a_zip_is_rejected(tmp_path, server, small_expected):
    cache = tmp_path / "cache"
    with pytest.raises(data.ArchiveError, match="not a complete zip archive"):
        data.prepare_sign_digits(cache, url=server.url("/page.html"), progress=False,
                                 **small_expected)
    assert cache_listing(cache) == []


def test_download_archive_writes_the_exact_bytes(tmp_path, server):
    target = data.download_archive(server.url("/ok.zip"), tmp_path / "out" / "a.zip",
                                   progress=False)
    assert target.read_bytes() == server.archive
    assert cache_listing(tmp_path / "out") == ["a.zip"]          # the .part file is gone


@pytest.mark.parametrize(("path", "limits", "message"), [
    ("/trickle.zip", {"deadline": 1.5}, "did not finish within 2 s"),
    ("/endless.zip", {"max_bytes": 2_000_000}, "sent more than 2,000,000 bytes"),
    ("/huge.zip", {}, "announces 1,000,000,000,000 bytes"),
])
def test_a_server_that_trickles_or_never_stops_is_given_up_on(tmp_path, server, path, limits,
                                                               message):
    started = time.monotonic()
    with pytest.raises(ConnectionError, match=message):
        data.download_archive(server.url(path), tmp_path / "out" / "a.zip", progress=False,
                              **limits)
    assert time.monotonic() - started < 10          # the limits, not a test timeout, stop it
    assert cache_listing(tmp_path / "out") == []   # no .part file left behind
    assert server.requests == [path]               # giving up is final: no retry


def test_the_command_line_gives_up_on_a_trickling_server_with_the_three_ways(
        tmp_path, server, monkeypatch, capsys):
    monkeypatch.setattr(data, "DOWNLOAD_DEADLINE_SECONDS", 1.0)
    monkeypatch.setenv(data.ARCHIVE_ENV, server.url("/trickle.zip"))
    status = data.main(["--cache-dir", str(tmp_path / "cache")])
    message = capsys.readouterr().err
    assert status == 1 and "did not finish within 1 s" in message
    assert "Any one of these works" in message
    assert cache_listing(tmp_path / "cache") == []
